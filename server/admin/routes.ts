import { Router } from 'express';
import type { Runtime } from '../runtime/runtime.js';

/** A route the runtime serves right now, as the Live routes view lists it. */
export type LiveRoute = {
  method: string;
  /** The full URL a client calls, with `:params` left in. */
  url: string;
  environment: string;
  apiId: string;
  name: string;
  path: string;
  version: number;
  auth: { required: boolean; keyGroupIds: string[]; scopes: string[] };
  rateLimit: { requests: number; perSeconds: number } | null;
};

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
