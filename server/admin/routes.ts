import { Router } from 'express';
import { liveRouteRoutes } from '../../shared/api/live-routes.js';
import type { Runtime } from '../runtime/runtime.js';
import { mount } from './route.js';

/** What the runtime listener serves at this moment, read from the table it dispatches on. */
export function routesRouter(runtime: Runtime, runtimeUrl: () => string): Router {
  const router = Router();
  mount(router, liveRouteRoutes.list, () =>
    runtime.table().routes.map((route) => ({
      method: route.definition.method,
      url: `${runtimeUrl()}${route.pattern}`,
      environment: route.environment,
      apiId: route.apiId,
      name: route.definition.name,
      path: route.definition.path,
      version: route.version,
      auth: route.definition.auth,
      rateLimit: route.definition.rateLimit,
    })),
  );
  return router;
}
