import { Router } from 'express';
import { apiRoutes } from '../../shared/api/apis.js';
import type { ApiService } from '../services/apis.js';
import type { TestRunService } from '../services/test-run.js';
import { mount } from './route.js';

export function apisRouter(apis: ApiService, testRuns: TestRunService): Router {
  const router = Router();
  mount(router, apiRoutes.list, () => apis.list());
  mount(router, apiRoutes.create, ({ body }) => apis.create(body));
  mount(router, apiRoutes.get, ({ params }) => apis.get(params.id));
  mount(router, apiRoutes.save, ({ params, body, revision }) => apis.update(params.id, body, revision));
  mount(router, apiRoutes.delete, ({ params }) => apis.delete(params.id));
  mount(router, apiRoutes.validate, ({ params, body }) => apis.validate(params.id, body.definition));
  mount(router, apiRoutes.publish, ({ params, body }) => apis.publish(params.id, body.environment));
  mount(router, apiRoutes.unpublish, ({ params, body }) => apis.unpublish(params.id, body.environment));
  mount(router, apiRoutes.versions, ({ params }) => apis.versions(params.id));
  mount(router, apiRoutes.rollback, ({ params, body }) => apis.rollback(params.id, body.environment, body.version));
  mount(router, apiRoutes.testRun, async ({ params, body }) => testRuns.run(params.id, await apis.definitionOf(params.id), body));
  return router;
}
