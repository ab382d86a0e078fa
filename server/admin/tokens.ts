import { Router } from 'express';
import { TokenCreate, TokenRoll, TokenUpdate } from '../../shared/model/token.js';
import type { TokenService } from '../auth/tokens.js';
import { HttpError } from '../http/errors.js';
import { parseInput } from '../http/validate.js';

/** /tokens: the creation and roll answers are the only ones that ever hold a token string. */
export function tokensRouter(service: TokenService): Router {
  const router = Router();

  router.get('/tokens', (req, res) => {
    const environment = typeof req.query.environment === 'string' ? req.query.environment : undefined;
    res.json(service.list(environment === undefined ? {} : { environment }));
  });

  router.post('/tokens', async (req, res) => {
    const issued = await service.create(parseInput(TokenCreate, req.body));
    res.set('cache-control', 'no-store').status(201).json(issued);
  });

  router.get('/tokens/:id', (req, res) => {
    res.json(service.get(req.params.id));
  });

  router.patch('/tokens/:id', (req, res) => {
    const body: unknown = req.body;
    if (body !== null && typeof body === 'object' && 'environment' in body && body.environment !== service.get(req.params.id).environment) {
      throw new HttpError(400, 'environment_immutable', "A token's environment is signed into it and can't change: create a token for the other environment");
    }
    res.json(service.update(req.params.id, parseInput(TokenUpdate, body)));
  });

  router.delete('/tokens/:id', (req, res) => {
    service.delete(req.params.id);
    res.status(204).end();
  });

  router.post('/tokens/:id/revoke', (req, res) => {
    res.json(service.revoke(req.params.id));
  });

  router.post('/tokens/:id/roll', async (req, res) => {
    const { graceSeconds } = parseInput(TokenRoll, req.body);
    const issued = await service.roll(req.params.id, graceSeconds);
    res.set('cache-control', 'no-store').status(201).json(issued);
  });

  return router;
}
