import { validateHeaderName, validateHeaderValue } from 'node:http';
import { BODY_METHODS } from '../../shared/model/api.js';
import type { FlowOutcome, FlowScope, TraceStep } from '../../shared/model/runtime.js';
import { HttpError } from '../http/errors.js';
import { pendingAnswer, settle, settleError, type Answer, type HeaderMap } from './answer.js';
import type { BodyRead } from './body.js';
import type { Deadlines } from './deadlines.js';
import { FlowNodeError, runFlow } from './engine.js';
import { StorageFullError } from '../workspace/storage-errors.js';
import { withoutSessionCookie } from '../http/session-cookie.js';
import { runtimeGuard, type GuardDeps, type RateLimiting } from './guard.js';
import { invalidQueryMessage, tokenInQuery, type RawQuery } from './query.js';
import type { Route } from './route-table.js';
import type { SchemaError } from './schemas.js';

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
  /** Called once, for methods that take a body; rejects with an HttpError (413, 415, 400) for a body the runtime refuses. */
  readBody: () => Promise<BodyRead> | BodyRead;
  ip: string;
  /** Keep a per-node trace and answer `X-Flowgate-Trace: kept`. */
  trace: boolean;
};

/** Gets the answer exactly once: at the deadline (504) or when the request is done, whichever is first. */
export type Deliver = (answer: Answer) => void;
export type Pipeline = (request: PipelineRequest, route: Route, deliver: Deliver) => void;

export type PipelineDeps = {
  auth: GuardDeps;
  /** 'not counted' for Draft runs: authenticated as the published API, but no rate limit used up or applied. */
  rateLimiting: RateLimiting;
  deadlines: Deadlines;
  /** Receives each kept trace once its flow has settled (after a 504 too). */
  onTrace?: (requestId: string, route: Route, trace: TraceStep[]) => void;
};

/**
 * The one way a request to a compiled route becomes an answer, for the fast lane and Draft runs
 * alike: token-in-URL refusal, the runtime guard, body and query checks, the flow under its deadline.
 */
export function createPipeline(deps: PipelineDeps): Pipeline {
  const guard = runtimeGuard(deps.auth, deps.rateLimiting);
  const { deadlines, onTrace } = deps;

  async function answer(request: PipelineRequest, route: Route, deliver: Deliver, pending: Answer): Promise<void> {
    const { requestId } = request;
    const tokenParam = tokenInQuery(request.query);
    if (tokenParam !== undefined) {
      return deliver(settleError(pending, requestId, 400, 'token_in_url', `Tokens are never accepted in the URL ("${tokenParam}"): send them in the Authorization header`, {}));
    }

    let admitted = guard(route, request, request.ip);
    if (admitted instanceof Promise) admitted = await admitted;
    if (!admitted.ok) {
      pending.tokenId = admitted.tokenId ?? null;
      return deliver(settleError(pending, requestId, admitted.status, admitted.code, admitted.message, { ...admitted.headers }));
    }
    pending.tokenId = admitted.tokenId;
    // Added to, not copied: a spread here turned the map into a slow dictionary and cost ~5 µs a request.
    const headers: HeaderMap = admitted.headers ?? {};
    headers['x-request-id'] = requestId;

    let body: unknown;
    if (BODY_METHODS.has(route.definition.method)) {
      try {
        let read = request.readBody();
        if (read instanceof Promise) read = await read;
        body = read.body;
        pending.requestBytes = read.bytes;
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        return deliver(settleError(pending, requestId, error.status, error.code, error.message, headers, error.details));
      }
    }

    const coerced = route.coerceQuery(request.query);
    if ('problems' in coerced) {
      return deliver(settleError(pending, requestId, 400, 'invalid_query', invalidQueryMessage(coerced.problems), headers, coerced.problems));
    }
    const bodyErrors = route.checkBody?.(body);
    if (bodyErrors && bodyErrors.length > 0) {
      return deliver(settleError(pending, requestId, 400, 'invalid_body', invalidBodyMessage(bodyErrors), headers, bodyErrors));
    }

    const scope: FlowScope = {
      request: { method: route.definition.method, path: request.path, params: request.params, query: coerced.query, headers: flowHeaders(request.headers), body, ip: request.ip },
      token: admitted.token,
      env: route.env,
      steps: {},
    };
    const trace: TraceStep[] | null = request.trace ? [] : null;
    if (trace) {
      headers['x-flowgate-trace'] = 'kept';
      pending.trace = trace;
    }
    const run = deadlines.start(requestId, () =>
      deliver(settleError(pending, requestId, 504, 'deadline_exceeded', `The flow did not finish within ${deadlines.ms / 1000} s`, headers)),
    );
    let outcome: FlowOutcome;
    try {
      outcome = await runFlow(route.flow, scope, run, trace ?? undefined);
    } catch (error) {
      if (run.expired) return; // answered 504 when it expired
      if (error instanceof FlowNodeError && error.cause instanceof StorageFullError) {
        // Nothing was stored and the server keeps serving: the caller may retry once space returns.
        return deliver(settleError(pending, requestId, error.cause.status, error.cause.code, error.cause.message, headers));
      }
      if (error instanceof FlowNodeError) {
        console.error(`[runtime] ${requestId} ${route.definition.method} ${route.definition.path}: node "${error.key}" failed: ${error.message}`);
        return deliver(settleError(pending, requestId, 500, 'node_failed', `The flow failed at node "${error.key}"`, headers));
      }
      throw error;
    } finally {
      deadlines.finish(run);
      if (trace && onTrace) onTrace(requestId, route, trace);
    }
    if (!run.expired) deliver(settleOutcome(pending, requestId, outcome, headers));
  }

  return (request, route, deliver) => {
    const pending = pendingAnswer();
    answer(request, route, deliver, pending).catch((error: unknown) => {
      console.error(`[runtime] ${request.requestId}`, error);
      if (pending.status === 0) deliver(settleError(pending, request.requestId, 500, 'internal_error', 'The server failed to answer this request', {}));
    });
  };
}

function settleOutcome(pending: Answer, requestId: string, outcome: FlowOutcome, headers: HeaderMap): Answer {
  switch (outcome.kind) {
    case 'respond': {
      for (const name in outcome.headers) {
        const lower = name.toLowerCase();
        if (lower === 'x-request-id') continue;
        const value = outcome.headers[name]!;
        if (!isValidHeader(lower, value)) return invalidHeader(pending, requestId, name, headers);
        headers[lower] = value;
      }
      return settle(pending, outcome.status, outcome.body, headers, null);
    }
    case 'redirect':
      if (!isValidHeader('location', outcome.location)) return invalidHeader(pending, requestId, 'location', headers);
      headers.location = outcome.location;
      return settle(pending, outcome.status, undefined, headers, null);
    case 'fail':
      return settleError(pending, requestId, outcome.status, outcome.code, outcome.message, headers);
  }
}

/** Node refuses to send a header with a bad name or a line break in its value; the flow's answer is refused first, alike in Live and Draft. */
function isValidHeader(name: string, value: string): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}

function invalidHeader(pending: Answer, requestId: string, name: string, headers: HeaderMap): Answer {
  return settleError(pending, requestId, 500, 'invalid_header', `The flow answered a header HTTP cannot carry ("${name}"): use a token name and no line breaks in the value`, headers);
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

/** The 400 for a body that fails the API's schema, naming each field. */
function invalidBodyMessage(errors: SchemaError[]): string {
  return `The request body does not match the schema: ${errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ')}`;
}
