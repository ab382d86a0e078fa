import { Router } from 'express';
import { EnvironmentInput, EnvironmentUpdate } from '../../shared/model/environment.js';
import { HttpError, notFound } from '../http/errors.js';
import { parseInput } from '../http/validate.js';
import type { EnvironmentService } from '../services/environments.js';

export function environmentsRouter(environments: EnvironmentService): Router {
  const router = Router();
  router.get('/environments', (_req, res) => {
    res.json(environments.list());
  });
  router.post('/environments', (req, res) => {
    res.status(201).json(environments.create(parseInput(EnvironmentInput, req.body)));
  });
  router.get('/environments/:name', (req, res) => {
    const environment = environments.get(req.params.name);
    if (!environment) throw notFound(`The environment "${req.params.name}"`);
    res.json(environment);
  });
  router.put('/environments/:name', (req, res) => {
    res.json(environments.update(req.params.name, parseInput(EnvironmentUpdate, req.body)));
  });
  router.delete('/environments/:name', (req, res) => {
    if (req.params.name === 'dev') throw new HttpError(409, 'environment_required', 'The "dev" environment cannot be deleted');
    environments.delete(req.params.name);
    res.status(204).end();
  });
  return router;
}
