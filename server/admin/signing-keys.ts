import { Router } from 'express';
import type { SigningKeys } from '../auth/signing-keys.js';

/** /signing-keys: public facts only; no answer ever holds key material. */
export function signingKeysRouter(service: SigningKeys): Router {
  const router = Router();

  router.get('/signing-keys', (_req, res) => {
    res.json(service.list());
  });

  router.post('/signing-keys/rotate', async (_req, res) => {
    res.status(201).json(await service.rotate());
  });

  router.post('/signing-keys/:kid/retire', (req, res) => {
    res.json(service.retire(req.params.kid));
  });

  return router;
}
