import { Router } from 'express';
import { type Session, sessionRoutes } from '../../shared/api/session.js';
import { HttpError } from '../http/errors.js';
import { mount } from './route.js';
import { type AdminAccess, callerAddress, isAdmin, readCookie, SESSION_COOKIE, sessionCookie } from './security.js';

/** /session: mounted before the admin check, so signing in (and asking whether one is) needs no key. */
export function sessionRouter(access: AdminAccess, runtimeUrl: () => string): Router {
  const router = Router();
  mount(router, sessionRoutes.get, (_input, { req }): Session =>
    isAdmin(access, req.headers.authorization, req.headers.cookie, callerAddress(req)) ? { signedIn: true, runtimeUrl: runtimeUrl() } : { signedIn: false },
  );
  mount(router, sessionRoutes.signIn, ({ body }, { req, res }) => {
    if (!access.isAdminKey(body.key, callerAddress(req))) throw new HttpError(401, 'unauthorized', 'That is not this workspace’s admin key');
    res.setHeader('set-cookie', sessionCookie(access.openSession()));
  });
  mount(router, sessionRoutes.signOut, (_input, { req, res }) => {
    const session = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (session) access.closeSession(session);
    res.setHeader('set-cookie', sessionCookie('', 0));
  });
  return router;
}
