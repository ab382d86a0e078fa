import { Router } from 'express';
import { tokenRoutes } from '../../shared/api/tokens.js';
import type { TokenService } from '../auth/tokens.js';
import { HttpError } from '../http/errors.js';
import { mount } from './route.js';

export function tokensRouter(service: TokenService): Router {
  const router = Router();
  mount(router, tokenRoutes.list, ({ query }) => service.list(query.environment === undefined ? {} : { environment: query.environment }));
  mount(router, tokenRoutes.create, ({ body }) => service.create(body));
  mount(router, tokenRoutes.get, ({ params }) => service.get(params.id));
  mount(router, tokenRoutes.update, async ({ params, body: { environment, ...patch }, revision }) => {
    if (environment !== undefined && environment !== (await service.get(params.id)).environment) {
      throw new HttpError(400, 'environment_immutable', "A token's environment is signed into it and can't change: create a token for the other environment");
    }
    return service.update(params.id, patch, revision);
  });
  mount(router, tokenRoutes.delete, ({ params }) => service.delete(params.id));
  mount(router, tokenRoutes.revoke, ({ params }) => service.revoke(params.id));
  mount(router, tokenRoutes.roll, ({ params, body }) => service.roll(params.id, body.graceSeconds));
  return router;
}
