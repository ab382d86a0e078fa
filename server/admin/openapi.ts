import { Router } from 'express';
import { ApiExampleInput } from '../../shared/model/api-example.js';
import { HttpError, notFound } from '../http/errors.js';
import { parseInput } from '../http/validate.js';
import { ExampleRepository } from '../openapi/examples.js';
import { OpenApiService, type OpenApiDeps } from '../openapi/service.js';
import type { Db } from '../workspace/db.js';
import type { ApiRepository } from '../workspace/apis.js';

export type OpenApiRouterDeps = OpenApiDeps & { db: Db; apis: ApiRepository };

/** `GET /openapi.json?environment=dev` (dev when left out) and the examples the document shows: `/apis/:id/examples`. */
export function openApiRouter(deps: OpenApiRouterDeps): Router {
  const examples = new ExampleRepository(deps.db);
  const service = new OpenApiService(deps, examples);
  const requireApi = (id: string): void => {
    if (!deps.apis.get(id)) throw notFound(`The API "${id}"`);
  };
  const router = Router();
  router.get('/openapi.json', (req, res) => {
    res.json(service.document(req.query.environment ?? 'dev'));
  });
  router.get('/apis/:id/examples', (req, res) => {
    requireApi(req.params.id);
    res.json(examples.list(req.params.id));
  });
  router.post('/apis/:id/examples', (req, res) => {
    requireApi(req.params.id);
    res.status(201).json(examples.add(req.params.id, parseInput(ApiExampleInput, req.body)));
  });
  router.delete('/apis/:id/examples/:exampleId', (req, res) => {
    if (!examples.delete(req.params.id, req.params.exampleId)) {
      throw new HttpError(404, 'not_found', `The API "${req.params.id}" has no example "${req.params.exampleId}"`);
    }
    res.status(204).end();
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
    res.json(service.document(req.params.environment, runtimeBase(req.headers.host) ?? deps.runtimeUrl()));
  });
  return router;
}

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The base URL the client reached the runtime at, so `servers` works from other machines when the runtime listens beyond loopback. */
function runtimeBase(host: string | undefined): string | undefined {
  return host !== undefined && HOST.test(host) ? `http://${host}` : undefined;
}
