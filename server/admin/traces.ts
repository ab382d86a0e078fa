import { Router } from 'express';
import { logRoutes } from '../../shared/api/logs.js';
import { traceRoutes } from '../../shared/api/traces.js';
import { notFound } from '../http/errors.js';
import type { TraceStore } from '../runtime/traces.js';
import type { RequestLog } from '../workspace/request-log.js';
import { mount } from './route.js';

/** Live requests' traces (kept briefly: in memory, and shared by the replicas of a PostgreSQL workspace) and per-minute metrics of the request log. */
export function tracesRouter(traces: TraceStore, log: RequestLog): Router {
  const router = Router();
  mount(router, traceRoutes.get, async ({ params }) => {
    const trace = await traces.get(params.requestId);
    if (!trace) throw notFound(`A trace for request "${params.requestId}" (traces are kept for recent requests that asked for one)`);
    return trace;
  });
  mount(router, logRoutes.metrics, ({ query }) => log.metrics(query));
  return router;
}
