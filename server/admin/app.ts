import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import express, { type Express, type Router } from 'express';
import { ADMIN_PREFIX } from '../../shared/api/admin.js';
import { errorHandler } from '../http/error-handler.js';
import { HttpError } from '../http/errors.js';
import { newRequestId } from '../http/request-id.js';
import { type AdminAccess, requireAdmin, resolveCaller, sameOriginOnly, sessionCookie } from './security.js';
import { sessionRouter } from './session.js';

export type AdminAppOptions = {
  access: AdminAccess;
  port: () => number;
  /** The runtime's base URL, which the editor's CSP must allow the tester to call. */
  runtimeUrl: () => string;
  routers: Router[];
  /** The built editor (vite's output); absent in a server-only build. */
  rendererDir: string;
  /** Who is calling, as the runtime tells (trusted proxies only): wrong admin keys are counted per client. Absent: by the socket's address. */
  clientIp?: (req: IncomingMessage) => string;
};

/** Admin JSON API up to 10 MB (imports of whole workspaces); runtime bodies have their own 5 MB limit. */
const ADMIN_BODY_LIMIT = '10mb';

export function createAdminApp(options: AdminAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.locals.requestId = newRequestId();
    res.setHeader('x-request-id', res.locals.requestId as string);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    next();
  });
  app.use(sameOriginOnly(options.port));
  if (options.clientIp) app.use(resolveCaller(options.clientIp));

  // A one-time login link opens a browser session, then the code is gone.
  app.get('/login', (req, res) => {
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    if (code && options.access.redeemLoginCode(code)) {
      res.setHeader('set-cookie', sessionCookie(options.access.openSession()));
      res.redirect(302, '/');
    } else {
      res.redirect(302, '/?signin=expired');
    }
  });

  const api = express.Router();
  api.use(express.json({ limit: ADMIN_BODY_LIMIT }));
  api.use(sessionRouter(options.access, options.runtimeUrl));
  api.use(requireAdmin(options.access));
  for (const router of options.routers) api.use(router);
  api.use((req) => {
    throw new HttpError(404, 'not_found', `No admin endpoint answers ${req.method} ${req.path}`);
  });
  app.use(ADMIN_PREFIX, api);

  serveEditor(app, options);
  app.use(errorHandler);
  return app;
}

function serveEditor(app: Express, options: AdminAppOptions): void {
  const index = path.join(options.rendererDir, 'index.html');
  app.use((_req, res, next) => {
    res.setHeader(
      'content-security-policy',
      `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ${options.runtimeUrl()}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`,
    );
    next();
  });
  app.use(express.static(options.rendererDir, { index: false, maxAge: '1h' }));
  app.get('/{*rest}', (_req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('text').send('The editor is not built. Run `npm run build`, then reload.');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
}
