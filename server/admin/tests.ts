import { Router } from 'express';
import { testRoutes } from '../../shared/api/tests.js';
import type { ApiTestService } from '../testing/test-service.js';
import { mount } from './route.js';

/** API tests: cases per API, suites across APIs, and runs in throwaway sandboxes. */
export function testsRouter(tests: ApiTestService): Router {
  const router = Router();
  mount(router, testRoutes.list, ({ params }) => tests.list(params.id));
  mount(router, testRoutes.create, ({ params, body }) => tests.create(params.id, body));
  mount(router, testRoutes.createFromLog, ({ params, body }) => tests.createFromLog(params.id, body.requestId, body.name));
  mount(router, testRoutes.get, ({ params }) => tests.get(params.id, params.testId));
  mount(router, testRoutes.save, ({ params, body, revision }) => tests.update(params.id, params.testId, body, revision));
  mount(router, testRoutes.delete, ({ params }) => tests.delete(params.id, params.testId));
  mount(router, testRoutes.all, () => tests.all());
  mount(router, testRoutes.suites, () => tests.suites());
  mount(router, testRoutes.createSuite, ({ body }) => tests.createSuite(body));
  mount(router, testRoutes.getSuite, ({ params }) => tests.getSuite(params.suiteId));
  mount(router, testRoutes.saveSuite, ({ params, body, revision }) => tests.updateSuite(params.suiteId, body, revision));
  mount(router, testRoutes.deleteSuite, ({ params }) => tests.deleteSuite(params.suiteId));
  mount(router, testRoutes.run, ({ body }) => tests.run(body));
  mount(router, testRoutes.lastRuns, () => tests.lastRuns());
  return router;
}
