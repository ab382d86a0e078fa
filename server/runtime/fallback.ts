import type { IncomingMessage } from 'node:http';
import express, { type Express } from 'express';
import { newRequestId } from '../http/request-id.js';
import { errorBody } from '../http/errors.js';
import type { LogRow } from '../workspace/request-log.js';
import { socketIp } from './client-ip.js';
import type { RouteTable } from './route-table.js';

export type FallbackDeps = {
  table: () => RouteTable;
  log: (row: LogRow) => void;
  clientIp?: (req: IncomingMessage) => string;
  /** Extra routes of the runtime listener (JWKS, OpenAPI), mounted before the 404/405 answer. */
  routes?: express.Router[];
};

/** The runtime listener's Express side: whatever is not a published route. */
export function createRuntimeFallback(deps: FallbackDeps): Express {
  const clientIp = deps.clientIp ?? socketIp;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req, res, next) => {
    const requestId = newRequestId();
    const started = performance.now();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      deps.log({
        requestId, time: Date.now(), environment: null, apiId: null, version: null,
        method: req.method, path: req.path, status: res.statusCode, latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
        tokenId: null, ip: clientIp(req), requestBytes: Number(req.headers['content-length'] ?? 0),
        responseBytes: Number(res.getHeader('content-length') ?? 0), errorCode: (res.locals.errorCode as string | undefined) ?? null,
      });
    });
    next();
  });
  for (const router of deps.routes ?? []) app.use(router);
  app.use((req, res) => {
    const requestId = res.locals.requestId as string;
    const allowed = deps.table().allowedMethods(req.path);
    if (allowed.length > 0) {
      res.locals.errorCode = 'method_not_allowed';
      res.setHeader('allow', allowed.join(', '));
      res.status(405).json(errorBody('method_not_allowed', `${req.method} is not allowed here; this path answers ${allowed.join(', ')}`, requestId));
      return;
    }
    res.locals.errorCode = 'not_found';
    res.status(404).json(errorBody('not_found', `No API answers ${req.method} ${req.path}`, requestId));
  });
  return app;
}
