import type { ApiTestInput, TestRequest, TestSuiteInput } from '../../../shared/model/api-tests.js';
import type { Applied } from './apply.js';
import { call, type ImportRun } from './import-ops.js';
import type { Plan } from './plan.js';
import { invalidFile } from './shape.js';

/** A test's token profile names key groups by the file's ids: the workspace's ids once imported. */
export function remapTest<T extends Pick<ApiTestInput, 'request'>>(test: T, keyGroupIds: ReadonlyMap<string, string>): T {
  return { ...test, request: remapRequest(test.request, keyGroupIds) };
}

function remapRequest(request: TestRequest, keyGroupIds: ReadonlyMap<string, string>): TestRequest {
  if (!request.token) return request;
  return { ...request, token: { ...request.token, keyGroupIds: request.token.keyGroupIds.map((id) => keyGroupIds.get(id) ?? id) } };
}

/**
 * Adds the file's suites, their steps pointed at the imported APIs (or, for skipped ones, at the
 * workspace's API they matched); a name the workspace has gets " (2)". A step naming an API that is
 * neither in the file nor in the workspace stops the import. Call it inside the import's transaction.
 */
export function* applySuites(suites: readonly TestSuiteInput[], plan: Plan, applied: Applied): ImportRun<void> {
  const apiIds = new Map<string, string>();
  for (const step of plan.apis) {
    const id = applied.apiIds.get(step) ?? step.existingId;
    if (id !== undefined) apiIds.set(step.api.id, id);
  }
  const taken = new Set((yield* call('suiteNames')).map((name) => name.toLowerCase()));
  for (const [index, suite] of suites.entries()) {
    const steps = [];
    for (const [at, step] of suite.steps.entries()) {
      const apiId = apiIds.get(step.apiId) ?? ((yield* call('apiExists', step.apiId)) ? step.apiId : undefined);
      if (apiId === undefined) {
        throw invalidFile('invalid_reference', `The suite "${suite.name}" (suites.${index}.steps.${at}) calls the API "${step.apiId}", which is neither in the file nor in this workspace`);
      }
      steps.push(remapTest({ ...step, apiId }, applied.keyGroupIds));
    }
    let name = suite.name;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${suite.name} (${n})`;
    taken.add(name.toLowerCase());
    yield* call('addSuite', { ...suite, name, steps });
  }
}
