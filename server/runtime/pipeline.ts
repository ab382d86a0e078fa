import { BODY_METHODS } from '../../shared/model/api.js';
import type { TraceStep } from '../../shared/model/runtime.js';
import { HttpError } from '../http/errors.js';
import { withoutSessionCookie } from '../http/session-cookie.js';
import type { FlowCall, FlowReply, FlowTarget } from '../workers/protocol.js';
import { pendingAnswer, settleError, type Answer, type HeaderMap } from './answer.js';
import type { RawBody } from './body.js';
import type { Deadlines } from './deadlines.js';
import { runtimeGuard, type Admitted, type GuardDeps, type GuardResult, type RateLimiting } from './guard.js';
import { tokenInQuery, type RawQuery } from './query.js';
import type { Route } from './route-table.js';

/** Request headers by lower-case name, as node:http gives them. */
export type RequestHeaders = { readonly [name: string]: string | string[] | undefined; readonly authorization?: string | undefined };

/** One request to a route, from the socket (the fast lane) or described in JSON (a Draft run). */
export type PipelineRequest = {
  requestId: string;
  /** The path as called, without the query: `/dev/users/42`. */
  path: string;
  params: Record<string, string>;
  query: RawQuery;
  headers: RequestHeaders;
  /** Called once, for methods that take a body; rejects with an HttpError (413) for a body the runtime refuses to read. */
  readBody: () => Promise<RawBody> | RawBody;
  ip: string;
  /** Keep a per-node trace and answer `X-Flowgate-Trace: kept`. */
  trace: boolean;
  /** What runs the flow; the route's published version unless given (a draft). */
  target?: FlowTarget;
};

/** Gets the answer exactly once: at the deadline (504) or when the request is done, whichever is first. */
export type Deliver = (answer: Answer) => void;
export type Pipeline = (request: PipelineRequest, route: Route, deliver: Deliver) => void;

/** Stops a call whose request is out of time; its reply, if one still comes, carries only the trace. */
export type CancelCall = () => void;
/** Runs an admitted call where a stuck flow can be killed (a flow worker); `done` may be called after a cancel, for the trace. */
export type FlowExecutor = (call: FlowCall, route: Route, done: (reply: FlowReply) => void) => CancelCall;

export type PipelineDeps = {
  auth: GuardDeps;
  /** 'not counted' for Draft runs: authenticated as the published API, but no rate limit used up or applied. */
  rateLimiting: RateLimiting;
  deadlines: Deadlines;
  execute: FlowExecutor;
  /** Receives each kept trace once its flow has settled (after a 504 too, when the worker could still say). */
  onTrace?: (requestId: string, route: Route, trace: TraceStep[]) => void;
};

/**
 * The one way a request to a compiled route becomes an answer, for the fast lane and Draft runs
 * alike. Here, on the listener: token-in-URL refusal, the runtime guard, reading the body, the
 * deadline (504, counted from the request's arrival). The rest (parsing, checks, the flow) runs
 * through `execute`, where nothing a caller sends can stall this event loop.
 */
export function createPipeline(deps: PipelineDeps): Pipeline {
  const guard = runtimeGuard(deps.auth, deps.rateLimiting);
  const { deadlines, onTrace, execute } = deps;

  // Written as callbacks, not an async function: a request whose token is cached and whose flow runs
  // on the listener goes through without one Promise or microtask of the pipeline's own.
  return (request, route, deliver) => {
    const pending = pendingAnswer();
    const { requestId } = request;
    const tokenParam = tokenInQuery(request.query);
    if (tokenParam !== undefined) {
      deliver(settleError(pending, requestId, 400, 'token_in_url', `Tokens are never accepted in the URL ("${tokenParam}"): send them in the Authorization header`, {}));
      return;
    }
    let headers: HeaderMap = {};
    let cancel: CancelCall | undefined;
    const run = deadlines.start(requestId, () => {
      cancel?.();
      deliver(settleError(pending, requestId, 504, 'deadline_exceeded', `The flow did not finish within ${deadlines.ms / 1000} s`, headers));
    });
    /** Every answer but the deadline's goes through here, so the deadline cannot answer a second time. */
    const answerNow = (answer: Answer): void => {
      deadlines.finish(run);
      if (!run.expired) deliver(answer);
    };
    const failed = (error: unknown): void => {
      deadlines.finish(run);
      if (run.expired) return;
      console.error(`[runtime] ${requestId}`, error);
      if (pending.status === 0) deliver(settleError(pending, requestId, 500, 'internal_error', 'The server failed to answer this request', {}));
    };

    const runFlow = (admitted: Admitted, body: RawBody | null): void => {
      if (run.expired) return;
      const call: FlowCall = {
        requestId, target: request.target ?? route.target, path: request.path, params: request.params, query: request.query,
        headers: flowHeaders(request.headers), ip: request.ip, body, token: admitted.token, trace: request.trace, deadline: run.deadline,
      };
      cancel = execute(call, route, (reply) => {
        if (reply.trace && onTrace) onTrace(requestId, route, reply.trace);
        if (!run.expired) answerNow(withReply(pending, reply, headers));
      });
    };

    const admit = (admitted: GuardResult): void => {
      if (!admitted.ok) {
        pending.tokenId = admitted.tokenId ?? null;
        return answerNow(settleError(pending, requestId, admitted.status, admitted.code, admitted.message, { ...admitted.headers }));
      }
      pending.tokenId = admitted.tokenId;
      // Added to, not copied: a spread here turned the map into a slow dictionary and cost ~5 µs a request.
      headers = admitted.headers ?? {};
      headers['x-request-id'] = requestId;
      if (request.trace) headers['x-flowgate-trace'] = 'kept';
      if (!BODY_METHODS.has(route.definition.method)) return runFlow(admitted, null);

      const refused = (error: unknown): void => {
        if (!(error instanceof HttpError)) return failed(error);
        answerNow(settleError(pending, requestId, error.status, error.code, error.message, headers, error.details));
      };
      const read = (raw: RawBody): void => {
        pending.requestBytes = raw.bytes;
        runFlow(admitted, raw);
      };
      let body: RawBody | Promise<RawBody>;
      try {
        body = request.readBody();
      } catch (error) {
        return refused(error);
      }
      if (body instanceof Promise) body.then(read, refused).catch(failed);
      else read(body);
    };

    try {
      const admitted = guard(route, request, request.ip);
      if (admitted instanceof Promise) admitted.then(admit).catch(failed);
      else admit(admitted);
    } catch (error) {
      failed(error);
    }
  };
}

/** The worker's answer with the listener's headers under it: the flow's own win, except the request id. */
function withReply(pending: Answer, reply: FlowReply, headers: HeaderMap): Answer {
  for (const name in reply.headers) if (name !== 'x-request-id') headers[name] = reply.headers[name]!;
  pending.headers = headers;
  pending.text = reply.text;
  pending.responseBytes = reply.text === undefined ? 0 : Number(reply.headers['content-length'] ?? Buffer.byteLength(reply.text));
  pending.errorCode = reply.errorCode;
  pending.trace = reply.trace;
  pending.status = reply.status;
  return pending;
}

/**
 * Request headers as flows see them: the Authorization header and the editor's session cookie stay
 * out, so no token or admin session reaches a flow, a trace or a log.
 */
function flowHeaders(requestHeaders: RequestHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in requestHeaders) {
    if (name === 'authorization') continue;
    const value = requestHeaders[name];
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (name !== 'cookie') headers[name] = text;
    else {
      const cookies = withoutSessionCookie(text);
      if (cookies !== undefined) headers.cookie = cookies;
    }
  }
  return headers;
}
