import type { SigningKeyInfo } from '../model/token.js';
import { answer, defineRoute } from './contract.js';

/** /signing-keys: public facts only; no answer ever holds key material. */
export const signingKeyRoutes = {
  list: defineRoute({ method: 'GET', path: '/signing-keys', answer: answer<SigningKeyInfo[]>() }),
  rotate: defineRoute({ method: 'POST', path: '/signing-keys/rotate', status: 201, answer: answer<SigningKeyInfo>() }),
  retire: defineRoute({ method: 'POST', path: '/signing-keys/:kid/retire', answer: answer<SigningKeyInfo>() }),
};
