import { Router } from 'express';
import { LogFlagsQuery, LogQuery } from '../../shared/api/admin.js';
import { parseInput } from '../http/validate.js';
import type { RequestLog } from '../workspace/request-log.js';

export type LogsRouterOptions = {
  /** Writes buffered token usage first, so a token's first sighting from an address is there to flag. */
  flushUsage?: () => void;
};

/** /logs: the request log with audit flags; /logs/flags: tokens seen from new addresses and bursts of 401s. */
export function logsRouter(log: RequestLog, options: LogsRouterOptions = {}): Router {
  const router = Router();
  router.get('/logs', (req, res) => {
    const query = parseInput(LogQuery, req.query, 'query');
    options.flushUsage?.();
    res.json(log.query(query));
  });
  router.get('/logs/flags', (req, res) => {
    const query = parseInput(LogFlagsQuery, req.query, 'query');
    options.flushUsage?.();
    res.json(log.flags(query));
  });
  return router;
}
