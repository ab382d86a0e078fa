import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { BODY_METHODS, type HttpMethod } from '../../shared/model/api.js';
import type { FlowOutcome, FlowScope, TraceStep } from '../../shared/model/runtime.js';
import { HttpError } from '../http/errors.js';
import { newRequestId } from '../http/request-id.js';
import type { LogRow } from '../workspace/request-log.js';
import { sendError, sendJson, type HeaderMap } from './answer.js';
import { readJsonBody } from './body.js';
import { socketIp } from './client-ip.js';
import { applyCors } from './cors.js';
import type { Deadlines } from './deadlines.js';
import { DeadlineExceeded, FlowNodeError, runFlow } from './engine.js';
import type { RuntimeGuard } from './guard.js';
import type { Route, RouteTable } from './route-table.js';
import type { SchemaError } from './schemas.js';

/** Query parameters that would put a token in URLs, logs and browser history: refused outright. */
const TOKEN_QUERY_PARAMS = ['access_token', 'token', 'api_key'] as const;

export type RuntimeDeps = {
  table: () => RouteTable;
  guard: RuntimeGuard;
  /** Everything that is not a published route: JWKS, OpenAPI, 404/405. */
  fallback: RequestListener;
  log: (row: LogRow) => void;
  clientIp?: (req: IncomingMessage) => string;
  deadlines: Deadlines;
  /** Receives the trace of each request that asks for one with `X-Flowgate-Trace`. */
  onTrace?: (requestId: string, route: Route, trace: TraceStep[]) => void;
  /** Origins whose browsers may call published APIs (the editor's). */
  corsOrigins?: () => readonly string[];
};

/**
 * The fast lane: published API requests go straight from node:http through the route table to
 * the compiled flow, with no Express in between.
 */
export function createRuntimeHandler(deps: RuntimeDeps): RequestListener {
  const clientIpOf = deps.clientIp ?? socketIp;

  const allowedMethods = (path: string): string[] => deps.table().allowedMethods(path);
  return (req, res) => {
    if (req.headers.origin !== undefined && deps.corsOrigins && applyCors(req, res, deps.corsOrigins, allowedMethods)) return;
    const url = req.url ?? '/';
    const found = deps.table().find(req.method ?? 'GET', url);
    if (!found) return deps.fallback(req, res);
    const started = performance.now();
    const requestId = newRequestId();
    const ip = clientIpOf(req);
    const log: LogRow = {
      requestId, time: Date.now(), environment: found.route.environment, apiId: found.route.apiId,
      version: found.route.version, method: req.method ?? 'GET', path: pathOf(url), status: 0, latencyMs: 0,
      tokenId: null, ip, requestBytes: 0, responseBytes: 0, errorCode: null,
    };
    const finish = (status: number, bytes: number, errorCode: string | null): void => {
      log.status = status;
      log.responseBytes = bytes;
      log.errorCode = errorCode;
      log.latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
      deps.log(log);
    };
    const fail = (status: number, code: string, message: string, headers?: HeaderMap, details?: unknown): void =>
      finish(status, sendError(res, status, code, message, requestId, headers, details), code);

    serve(found.route, found.params, found.query, req, res, { requestId, ip, log, finish, fail, deps }).catch((error: unknown) => {
      if (error instanceof HttpError) return fail(error.status, error.code, error.message, { ...error.headers }, error.details);
      console.error(`[runtime] ${requestId}`, error);
      if (!res.headersSent) fail(500, 'internal_error', 'The server failed to answer this request', {});
    });
  };
}

type RequestState = {
  requestId: string;
  ip: string;
  log: LogRow;
  finish: (status: number, bytes: number, errorCode: string | null) => void;
  fail: (status: number, code: string, message: string, headers?: HeaderMap, details?: unknown) => void;
  deps: RuntimeDeps;
};

async function serve(
  route: Route,
  params: Record<string, string>,
  rawQuery: Record<string, string | string[]>,
  req: IncomingMessage,
  res: ServerResponse,
  state: RequestState,
): Promise<void> {
  const { requestId, fail } = state;
  for (const name of TOKEN_QUERY_PARAMS) {
    if (rawQuery[name] !== undefined) {
      return fail(400, 'token_in_url', `Tokens are never accepted in the URL ("${name}"): send them in the Authorization header`);
    }
  }

  let admitted = state.deps.guard(route, req, state.ip);
  if (admitted instanceof Promise) admitted = await admitted;
  if (!admitted.ok) {
    state.log.tokenId = admitted.tokenId ?? null;
    return fail(admitted.status, admitted.code, admitted.message, { ...admitted.headers });
  }
  state.log.tokenId = admitted.tokenId;
  // Added to, not copied: a spread here turned the map into a slow dictionary and cost ~5 µs a request.
  const headers: HeaderMap = admitted.headers ?? {};
  headers['x-request-id'] = requestId;

  let body: unknown;
  if (BODY_METHODS.has(route.definition.method as HttpMethod)) {
    const read = await readJsonBody(req);
    body = read.body;
    state.log.requestBytes = read.bytes;
  }

  const coerced = route.coerceQuery(rawQuery);
  if ('problems' in coerced) {
    return fail(400, 'invalid_query', coerced.problems.map((p) => p.message).join('; '), headers, coerced.problems);
  }
  const bodyErrors = route.checkBody?.(body);
  if (bodyErrors && bodyErrors.length > 0) return failInvalidBody(fail, bodyErrors, headers);

  const scope: FlowScope = {
    request: { method: route.definition.method, path: state.log.path, params, query: coerced.query, headers: flowHeaders(req), body, ip: state.ip },
    token: admitted.token,
    env: route.env,
    steps: {},
  };
  const trace: TraceStep[] | undefined = state.deps.onTrace && req.headers['x-flowgate-trace'] !== undefined ? [] : undefined;
  if (trace) headers['x-flowgate-trace'] = 'kept';
  const deadlines = state.deps.deadlines;
  const run = deadlines.start(requestId, () =>
    fail(504, 'deadline_exceeded', `The flow did not finish within ${deadlines.ms / 1000} s`, headers),
  );
  let outcome: FlowOutcome;
  try {
    outcome = await runFlow(route.flow, scope, run, trace);
  } catch (error) {
    if (run.expired || error instanceof DeadlineExceeded) return; // answered 504 when it expired
    if (error instanceof FlowNodeError) {
      console.error(`[runtime] ${requestId} ${route.definition.method} ${route.definition.path}: node "${error.key}" failed: ${error.message}`);
      return fail(500, 'node_failed', `The flow failed at node "${error.key}"`, headers);
    }
    throw error;
  } finally {
    deadlines.finish(run);
    if (trace) state.deps.onTrace!(requestId, route, trace);
  }
  if (!run.expired) writeOutcome(res, outcome, headers, state);
}

function writeOutcome(res: ServerResponse, outcome: FlowOutcome, headers: HeaderMap, state: RequestState): void {
  switch (outcome.kind) {
    case 'respond': {
      for (const name in outcome.headers) {
        if (name.toLowerCase() !== 'x-request-id') headers[name.toLowerCase()] = outcome.headers[name]!;
      }
      return state.finish(outcome.status, sendJson(res, outcome.status, outcome.body, headers), null);
    }
    case 'redirect':
      headers.location = outcome.location;
      return state.finish(outcome.status, sendJson(res, outcome.status, undefined, headers), null);
    case 'fail':
      return state.fail(outcome.status, outcome.code, outcome.message, headers);
  }
}

/** Request headers as flows see them: the Authorization header stays out, so no token reaches a trace or a log. */
function flowHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in req.headers) {
    if (name === 'authorization') continue;
    const value = req.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

const pathOf = (url: string): string => {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};

/** The 400 for a body that fails the API's schema, naming each field. */
export function invalidBodyMessage(errors: SchemaError[]): string {
  return `The request body does not match the schema: ${errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ')}`;
}

function failInvalidBody(fail: RequestState['fail'], errors: SchemaError[], headers: HeaderMap): void {
  fail(400, 'invalid_body', invalidBodyMessage(errors), headers, errors);
}
