import { Router } from 'express';
import { keyGroupRoutes } from '../../shared/api/key-groups.js';
import type { KeyGroupService } from '../auth/key-groups.js';
import { mount } from './route.js';

export function keyGroupsRouter(service: KeyGroupService): Router {
  const router = Router();
  mount(router, keyGroupRoutes.list, () => service.list());
  mount(router, keyGroupRoutes.create, ({ body }) => service.create(body));
  mount(router, keyGroupRoutes.get, ({ params }) => service.get(params.id));
  mount(router, keyGroupRoutes.update, ({ params, body, revision }) => service.update(params.id, body, revision));
  mount(router, keyGroupRoutes.delete, ({ params }) => service.delete(params.id));
  return router;
}
