import { Router } from 'express';
import { signingKeyRoutes } from '../../shared/api/signing-keys.js';
import type { SigningKeys } from '../auth/signing-keys.js';
import { mount } from './route.js';

export function signingKeysRouter(service: SigningKeys): Router {
  const router = Router();
  mount(router, signingKeyRoutes.list, () => service.list());
  mount(router, signingKeyRoutes.rotate, () => service.rotate());
  mount(router, signingKeyRoutes.retire, ({ params }) => service.retire(params.kid));
  return router;
}
