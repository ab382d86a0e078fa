import { Router } from 'express';
import { environmentRoutes } from '../../shared/api/environments.js';
import { HttpError, notFound } from '../http/errors.js';
import type { EnvironmentService } from '../services/environments.js';
import { mount } from './route.js';

export function environmentsRouter(environments: EnvironmentService): Router {
  const router = Router();
  mount(router, environmentRoutes.list, () => environments.list());
  mount(router, environmentRoutes.create, ({ body }) => environments.create(body));
  mount(router, environmentRoutes.get, async ({ params }) => {
    const environment = await environments.get(params.name);
    if (!environment) throw notFound(`The environment "${params.name}"`);
    return environment;
  });
  mount(router, environmentRoutes.update, ({ params, body, revision }) => environments.update(params.name, body, revision));
  mount(router, environmentRoutes.delete, async ({ params }) => {
    if (params.name === 'dev') throw new HttpError(409, 'environment_required', 'The "dev" environment cannot be deleted');
    await environments.delete(params.name);
  });
  return router;
}
