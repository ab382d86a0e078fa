import { Router } from 'express';
import { logRoutes } from '../../shared/api/logs.js';
import type { RequestLog } from '../workspace/request-log.js';
import { mount } from './route.js';

export type LogsRouterOptions = {
  /** Writes buffered token usage first, so a token's first sighting from an address is there to flag. */
  flushUsage?: () => void | Promise<void>;
};

/** /logs: the request log with audit flags; /logs/flags: tokens seen from new addresses and bursts of 401s. */
export function logsRouter(log: RequestLog, options: LogsRouterOptions = {}): Router {
  const router = Router();
  mount(router, logRoutes.list, async ({ query }) => {
    await options.flushUsage?.();
    return log.query(query);
  });
  mount(router, logRoutes.flags, async ({ query }) => {
    await options.flushUsage?.();
    return log.flags(query);
  });
  mount(router, logRoutes.status, () => log.health());
  return router;
}
