import { z } from 'zod';
import { answer, defineRoute } from './contract.js';

/** Asked by the editor before anything else: never a 401, so a signed-out page logs no error. */
export type Session = { signedIn: true; runtimeUrl: string } | { signedIn: false };

export const SignInBody = z.object({ key: z.string() });

/** /session: the only admin routes answered without signing in. */
export const sessionRoutes = {
  get: defineRoute({ method: 'GET', path: '/session', withoutSignIn: true, answer: answer<Session>() }),
  /** Opens a browser session (a cookie) for the admin key. */
  signIn: defineRoute({ method: 'POST', path: '/session', body: SignInBody, status: 204, withoutSignIn: true }),
  signOut: defineRoute({ method: 'DELETE', path: '/session', status: 204, withoutSignIn: true }),
};
