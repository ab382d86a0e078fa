import { Router } from 'express';
import { z } from 'zod';
import { notFound } from '../http/errors.js';
import { parseInput } from '../http/validate.js';
import type { TraceStore } from '../runtime/traces.js';
import type { RequestLog } from '../workspace/request-log.js';
import { requestMetrics } from '../workspace/request-metrics.js';
import type { Db } from '../workspace/db.js';

const MetricsQuery = z.object({
  minutes: z.coerce.number().int().min(1).max(24 * 60).default(60),
  api: z.string().optional(),
  environment: z.string().optional(),
});

/** Live requests' traces (kept briefly, in memory) and per-minute metrics of the request log. */
export function tracesRouter(traces: TraceStore, log: RequestLog, db: Db): Router {
  const router = Router();
  router.get('/logs/traces/:requestId', (req, res) => {
    const trace = traces.get(req.params.requestId);
    if (!trace) throw notFound(`A trace for request "${req.params.requestId}" (traces are kept for recent requests that asked for one)`);
    res.json(trace);
  });
  router.get('/logs/metrics', (req, res) => {
    log.flush();
    res.json(requestMetrics(db, parseInput(MetricsQuery, req.query, 'query')));
  });
  return router;
}
