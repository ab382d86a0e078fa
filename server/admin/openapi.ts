import { Router } from 'express';
import { OpenApiDocument, openApiRoutes } from '../../shared/api/openapi.js';
import { HttpError, notFound } from '../http/errors.js';
import type { ExampleStore } from '../openapi/examples.js';
import { OpenApiService, type OpenApiDeps } from '../openapi/service.js';
import type { ChangeFeed } from '../storage/changes.js';
import type { ApiStore } from '../workspace/apis.js';
import { mount } from './route.js';

export type OpenApiRouterDeps = OpenApiDeps & { apis: ApiStore; examples: ExampleStore; changes: ChangeFeed };

/** `GET /openapi.json?environment=dev` (dev when left out) and the examples the document shows: `/apis/:id/examples`. */
export function openApiRouter(deps: OpenApiRouterDeps): Router {
  const { examples } = deps;
  const service = new OpenApiService(deps, examples);
  const requireApi = async (id: string): Promise<void> => {
    if (!(await deps.apis.get(id))) throw notFound(`The API "${id}"`);
  };
  // Documents show examples: every replica's cached ones must go (an API change drops them).
  const announce = (apiId: string): Promise<void> => deps.changes.announce({ kind: 'api', apiId });
  const router = Router();
  mount(router, openApiRoutes.document, async ({ query }) => OpenApiDocument.parse(await service.document(query.environment)));
  mount(router, openApiRoutes.examples, async ({ params }) => {
    await requireApi(params.id);
    return examples.list(params.id);
  });
  mount(router, openApiRoutes.addExample, async ({ params, body }) => {
    await requireApi(params.id);
    const added = await examples.add(params.id, body);
    await announce(params.id);
    return added;
  });
  mount(router, openApiRoutes.deleteExample, async ({ params }) => {
    if (!(await examples.delete(params.id, params.exampleId))) {
      throw new HttpError(404, 'not_found', `The API "${params.id}" has no example "${params.exampleId}"`);
    }
    await announce(params.id);
  });
  return router;
}

/**
 * `GET /<environment>/openapi.json` on the runtime listener, for existing environments only.
 * A published API with the path `/openapi.json` wins: the fast lane matches published routes first.
 */
export function runtimeOpenApiRouter(deps: OpenApiRouterDeps): Router {
  const service = new OpenApiService(deps, deps.examples);
  const router = Router();
  router.get('/:environment/openapi.json', async (req, res, next) => {
    if (!service.exists(req.params.environment)) return next();
    const { body, etag } = await service.publicBody(req.params.environment);
    res.setHeader('cache-control', 'no-cache');
    // Express answers 304 to a client that sends it back (If-None-Match): the document is the same until the next change.
    res.setHeader('etag', etag);
    // The document is public, as the runtime's APIs are: tools on other origins may read it.
    res.setHeader('access-control-allow-origin', '*');
    res.type('application/json').send(body);
  });
  return router;
}
