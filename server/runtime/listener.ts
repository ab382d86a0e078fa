import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { TraceStep } from '../../shared/model/runtime.js';
import { newRequestId } from '../http/request-id.js';
import type { LogRow } from '../workspace/request-log.js';
import { pendingAnswer, settleError, writeAnswer, type Answer } from './answer.js';
import { readRawBody } from './body.js';
import { socketIp } from './client-ip.js';
import { applyCors } from './cors.js';
import type { Deadlines } from './deadlines.js';
import type { GuardDeps } from './guard.js';
import { createPipeline, type FlowExecutor } from './pipeline.js';
import type { Route, RouteTable } from './route-table.js';

export type RuntimeDeps = {
  table: () => RouteTable;
  /** Authentication and the rate-limit counters every published API shares. */
  auth: GuardDeps;
  /** Everything that is not a published route: JWKS, OpenAPI, 404/405. */
  fallback: RequestListener;
  log: (row: LogRow) => void;
  clientIp?: (req: IncomingMessage) => string;
  deadlines: Deadlines;
  /** Runs admitted calls where a stuck flow can be killed: the flow pool. */
  execute: FlowExecutor;
  /** Receives the trace of each request that asks for one with `X-Flowgate-Trace`. */
  onTrace?: (requestId: string, route: Route, trace: TraceStep[]) => void;
  /** Origins whose browsers may call published APIs (the editor's). */
  corsOrigins?: () => readonly string[];
};

/**
 * The fast lane: published API requests go straight from node:http through the route table to
 * the request pipeline, with no Express in between; this file only reads the socket and writes the
 * answer. Flows run in workers (`execute`): nothing a caller sends is parsed or run on this loop.
 */
export function createRuntimeHandler(deps: RuntimeDeps): RequestListener {
  const clientIpOf = deps.clientIp ?? socketIp;
  const pipeline = createPipeline({
    auth: deps.auth,
    rateLimiting: 'counted',
    deadlines: deps.deadlines,
    execute: deps.execute,
    onTrace: deps.onTrace,
  });
  const tracing = deps.onTrace !== undefined;

  const allowedMethods = (path: string): string[] => deps.table().allowedMethods(path);
  return (req, res) => {
    if (req.headers.origin !== undefined && deps.corsOrigins && applyCors(req, res, deps.corsOrigins, allowedMethods)) return;
    const url = req.url ?? '/';
    const found = deps.table().find(req.method ?? 'GET', url);
    if (!found) return deps.fallback(req, res);
    const started = performance.now();
    const requestId = newRequestId();
    const ip = clientIpOf(req);
    const path = pathOf(url);
    const log: LogRow = {
      requestId, time: Date.now(), environment: found.route.environment, apiId: found.route.apiId,
      version: found.route.version, method: req.method ?? 'GET', path, status: 0, latencyMs: 0,
      tokenId: null, ip, requestBytes: 0, responseBytes: 0, errorCode: null,
    };
    const request = {
      requestId, path, params: found.params, query: found.query, headers: req.headers, ip,
      readBody: () => readRawBody(req),
      trace: tracing && req.headers['x-flowgate-trace'] !== undefined,
    };
    pipeline(request, found.route, (answer) => {
      const written = writeAnswer(res, answer) ? answer : refusedByNode(res, answer, requestId);
      log.status = written.status;
      log.responseBytes = written.responseBytes;
      log.errorCode = written.errorCode;
      log.tokenId = written.tokenId;
      log.requestBytes = written.requestBytes;
      log.latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
      deps.log(log);
    });
  };
}

/** Node refused to write the answer (a status or header it does not allow): the caller gets a 500 instead of a hung request. */
function refusedByNode(res: ServerResponse, refused: Answer, requestId: string): Answer {
  console.error(`[runtime] ${requestId} node:http refused the answer (status ${refused.status})`);
  const answer = pendingAnswer();
  answer.tokenId = refused.tokenId;
  answer.requestBytes = refused.requestBytes;
  settleError(answer, requestId, 500, 'internal_error', 'The server failed to answer this request', {});
  if (!writeAnswer(res, answer)) res.destroy();
  return answer;
}

const pathOf = (url: string): string => {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};
