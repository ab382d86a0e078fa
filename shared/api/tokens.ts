import { z } from 'zod';
import { TokenCreate, TokenRoll, TokenUpdate, type IssuedToken, type TokenInfo } from '../model/token.js';
import { answer, defineRoute } from './contract.js';

export const TokenListQuery = z.object({ environment: z.string().optional() });

/** A client may send back the environment it read; a different one is refused (it is signed into the token). */
export const TokenPatchBody = TokenUpdate.extend({ environment: z.string().optional() });
export type TokenPatchBody = z.infer<typeof TokenPatchBody>;

/** /tokens: the creation and roll answers are the only ones that ever hold a token string. */
export const tokenRoutes = {
  list: defineRoute({ method: 'GET', path: '/tokens', query: TokenListQuery, answer: answer<TokenInfo[]>() }),
  create: defineRoute({ method: 'POST', path: '/tokens', body: TokenCreate, status: 201, holdsSecret: true, answer: answer<IssuedToken>() }),
  get: defineRoute({ method: 'GET', path: '/tokens/:id', revision: 'read', answer: answer<TokenInfo>() }),
  /** Changes the token's settings, based on the revision the client read. */
  update: defineRoute({ method: 'PATCH', path: '/tokens/:id', body: TokenPatchBody, revision: 'write', answer: answer<TokenInfo>() }),
  delete: defineRoute({ method: 'DELETE', path: '/tokens/:id', status: 204 }),
  revoke: defineRoute({ method: 'POST', path: '/tokens/:id/revoke', answer: answer<TokenInfo>() }),
  /** Issues a replacement; the old token keeps working for `graceSeconds`. */
  roll: defineRoute({ method: 'POST', path: '/tokens/:id/roll', body: TokenRoll, status: 201, holdsSecret: true, answer: answer<IssuedToken>() }),
};
