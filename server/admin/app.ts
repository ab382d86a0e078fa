import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type Router } from 'express';
import { ADMIN_PREFIX } from '../../shared/api/admin.js';
import { errorHandler } from '../http/error-handler.js';
import { HttpError } from '../http/errors.js';
import { newRequestId } from '../http/request-id.js';
import { type AdminAccess, callerAddress, isAdmin, readCookie, requireAdmin, sameOriginOnly, SESSION_COOKIE, sessionCookie } from './security.js';

export type AdminAppOptions = {
  access: AdminAccess;
  port: () => number;
  /** The runtime's base URL, which the editor's CSP must allow the tester to call. */
  runtimeUrl: () => string;
  routers: Router[];
  /** The built editor (vite's output); absent in a server-only build. */
  rendererDir: string;
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
  api.post('/session', (req, res) => {
    const key = (req.body as { key?: unknown } | undefined)?.key;
    if (typeof key !== 'string' || !options.access.isAdminKey(key, callerAddress(req))) {
      throw new HttpError(401, 'unauthorized', 'That is not this workspace’s admin key');
    }
    res.setHeader('set-cookie', sessionCookie(options.access.openSession()));
    res.status(204).end();
  });
  api.delete('/session', (req, res) => {
    const session = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (session) options.access.closeSession(session);
    res.setHeader('set-cookie', sessionCookie('', 0));
    res.status(204).end();
  });
  // Asked by the editor before anything else: answered without a 401 so a signed-out page logs no error.
  api.get('/session', (req, res) => {
    const signedIn = isAdmin(options.access, req.headers.authorization, req.headers.cookie, callerAddress(req));
    res.json(signedIn ? { signedIn, runtimeUrl: options.runtimeUrl() } : { signedIn });
  });
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
