import type { RunTestsBody } from '../../shared/api/tests.js';
import type { ApiTest, TestSuite } from '../../shared/model/api-tests.js';
import { HttpError, notFound } from '../http/errors.js';
import type { ApiTestStore } from '../workspace/api-tests.js';
import type { RunSelection } from './runner.js';

/**
 * What `POST /tests/run` runs: the named tests and suites, plus every test of the named APIs (and,
 * when only APIs are named, the suites that call them); everything when nothing is named.
 */
export async function selectTests(store: ApiTestStore, body: RunTestsBody): Promise<RunSelection> {
  const { apiIds, testIds, suiteIds } = body;
  const everything = apiIds === undefined && testIds === undefined && suiteIds === undefined;
  const tests = new Map<string, ApiTest>();
  const suites = new Map<string, TestSuite>();
  if (everything) {
    for (const test of await store.all()) tests.set(test.id, test);
    for (const suite of await store.suites()) suites.set(suite.id, suite);
  }
  for (const id of testIds ?? []) {
    const test = await store.find(id);
    if (!test) throw notFound(`The test "${id}"`);
    tests.set(id, test);
  }
  for (const id of suiteIds ?? []) {
    const suite = await store.suite(id);
    if (!suite) throw notFound(`The suite "${id}"`);
    suites.set(id, suite);
  }
  const apis = new Set(apiIds ?? []);
  for (const apiId of apis) for (const test of await store.list(apiId)) tests.set(test.id, test);
  if (apis.size > 0 && testIds === undefined && suiteIds === undefined) {
    for (const suite of await store.suites()) if (suite.steps.some((step) => apis.has(step.apiId))) suites.set(suite.id, suite);
  }
  const selection: RunSelection = { tests: [...tests.values()], suites: [...suites.values()], target: body.version, environment: body.environment };
  if (typeof body.version === 'number') {
    const touched = new Set([...selection.tests.map((test) => test.apiId), ...selection.suites.flatMap((suite) => suite.steps.map((step) => step.apiId))]);
    if (touched.size > 1) {
      throw new HttpError(400, 'version_needs_one_api', `Version ${body.version} names one API's version, but these tests call ${touched.size} APIs: run them against "draft" or "published", or pick one API`);
    }
  }
  return selection;
}
