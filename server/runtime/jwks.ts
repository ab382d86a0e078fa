import { Router } from 'express';
import type { SigningKeys } from '../auth/signing-keys.js';

/** The public keys that verify this workspace's tokens, for clients that check them themselves. */
export function jwksRouter(signingKeys: SigningKeys): Router {
  const router = Router();
  router.get('/.well-known/jwks.json', (_req, res) => {
    res.setHeader('cache-control', 'public, max-age=300');
    res.json(signingKeys.jwks());
  });
  return router;
}
