import { Router } from 'express';
import { OpenApiDocument, openApiRoutes } from '../../shared/api/openapi.js';
import { HttpError, notFound } from '../http/errors.js';
import { ExampleRepository } from '../openapi/examples.js';
import { OpenApiService, type OpenApiDeps } from '../openapi/service.js';
import type { Db } from '../workspace/db.js';
import type { ApiRepository } from '../workspace/apis.js';
import { mount } from './route.js';

export type OpenApiRouterDeps = OpenApiDeps & { db: Db; apis: ApiRepository };

/** `GET /openapi.json?environment=dev` (dev when left out) and the examples the document shows: `/apis/:id/examples`. */
export function openApiRouter(deps: OpenApiRouterDeps): Router {
  const examples = new ExampleRepository(deps.db);
  const service = new OpenApiService(deps, examples);
  const requireApi = (id: string): void => {
    if (!deps.apis.get(id)) throw notFound(`The API "${id}"`);
  };
  const router = Router();
  mount(router, openApiRoutes.document, ({ query }) => OpenApiDocument.parse(service.document(query.environment)));
  mount(router, openApiRoutes.examples, ({ params }) => {
    requireApi(params.id);
    return examples.list(params.id);
  });
  mount(router, openApiRoutes.addExample, ({ params, body }) => {
    requireApi(params.id);
    return examples.add(params.id, body);
  });
  mount(router, openApiRoutes.deleteExample, ({ params }) => {
    if (!examples.delete(params.id, params.exampleId)) {
      throw new HttpError(404, 'not_found', `The API "${params.id}" has no example "${params.exampleId}"`);
    }
  });
  return router;
}

/**
 * `GET /<environment>/openapi.json` on the runtime listener, for existing environments only.
 * A published API with the path `/openapi.json` wins: the fast lane matches published routes first.
 */
export function runtimeOpenApiRouter(deps: OpenApiRouterDeps): Router {
  const service = new OpenApiService(deps, new ExampleRepository(deps.db));
  const router = Router();
  router.get('/:environment/openapi.json', (req, res, next) => {
    if (!service.exists(req.params.environment)) return next();
    res.setHeader('cache-control', 'no-cache');
    // The document is public, as the runtime's APIs are: tools on other origins may read it.
    res.setHeader('access-control-allow-origin', '*');
    res.type('application/json').send(service.publicJson(req.params.environment));
  });
  return router;
}
