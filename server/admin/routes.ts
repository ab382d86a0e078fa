import { Router } from 'express';
import type { LiveRoute } from '../../shared/api/admin.js';
import type { Runtime } from '../runtime/runtime.js';

/** What the runtime listener serves at this moment, read from the table it dispatches on. */
export function routesRouter(runtime: Runtime, runtimeUrl: () => string): Router {
  const router = Router();
  router.get('/routes', (_req, res) => {
    const routes: LiveRoute[] = runtime.table().routes.map((route) => ({
      method: route.definition.method,
      url: `${runtimeUrl()}${route.pattern}`,
      environment: route.environment,
      apiId: route.apiId,
      name: route.definition.name,
      path: route.definition.path,
      version: route.version,
      auth: route.definition.auth,
      rateLimit: route.definition.rateLimit,
    }));
    res.json(routes);
  });
  return router;
}
