import type { ApiDefinition } from '../../../shared/model/api.js';
import type { ExportedApi } from '../../../shared/model/workspace-file.js';
import { nowIso } from '../../workspace/db.js';
import { call, type ImportRun } from './import-ops.js';
import type { ApiStep, Plan } from './plan.js';
import { remapTest } from './suites.js';

/** What an applied plan created or changed: the workspace's ids, by step. */
export type Applied = { apiIds: Map<ApiStep, string>; keyGroupIds: Map<string, string> };

/**
 * Writes a plan, call by call (see import-ops.ts). Run it inside the import's one transaction: it
 * throws halfway only when the database does, and the transaction then leaves nothing behind.
 */
export function* applyPlan(plan: Plan): ImportRun<Applied> {
  for (const step of plan.environments) {
    const { name } = step.env;
    if (step.action === 'create') {
      yield* call('createEnvironment', { name, description: step.description, vars: step.vars, secrets: step.secrets, outbound: step.env.outbound });
    }
    // An existing environment keeps its outbound settings: an imported file never widens them.
    if (step.action === 'merge') yield* call('mergeEnvironment', name, { description: step.description, vars: step.vars, secrets: step.secrets });
  }

  // File key-group id → this workspace's id; ids the file does not hold already are this workspace's.
  const keyGroupIds = new Map<string, string>();
  for (const step of plan.keyGroups) {
    if (step.action === 'create' || step.action === 'rename') {
      keyGroupIds.set(step.group.id, yield* call('createKeyGroup', step.name, step.group.description));
    } else {
      if (step.action === 'replace') yield* call('describeKeyGroup', step.existingId!, step.group.description);
      keyGroupIds.set(step.group.id, step.existingId!);
    }
  }
  const remap = (definition: ApiDefinition): ApiDefinition => ({
    ...definition,
    auth: { ...definition.auth, keyGroupIds: definition.auth.keyGroupIds.map((id) => keyGroupIds.get(id) ?? id) },
  });

  // APIs list by creation time: a millisecond apart, the imported ones keep the file's order.
  const startedAt = Date.now();
  let created = 0;
  const apiIds = new Map<ApiStep, string>();
  for (const step of plan.apis) {
    if (step.action === 'skip') continue;
    // A renamed API's versions take the new name too, so its docs and its draft agree.
    const named = (definition: ApiDefinition): ApiDefinition => (step.action === 'rename' ? { ...definition, name: step.name } : definition);
    const draft = remap(named(draftOf(step.api)));
    let id: string;
    let firstVersion = 0;
    if (step.action === 'replace') {
      id = step.existingId!;
      firstVersion = yield* call('replaceApi', id, draft);
    } else {
      id = yield* call('createApi', draft, new Date(startedAt + created++).toISOString());
    }
    apiIds.set(step, id);

    // A replaced API keeps its history: the file's versions follow its newest one.
    const numbers = new Map<number, number>();
    const versions = [...step.api.versions].sort((a, b) => a.version - b.version);
    for (const [index, version] of versions.entries()) {
      const number = step.action === 'replace' ? firstVersion + index + 1 : version.version;
      numbers.set(version.version, number);
      yield* call('addVersion', id, number, remap(named(version.definition)), createdAt(version.createdAt));
    }
    for (const deployment of step.deploy) yield* call('deploy', id, deployment.environment, numbers.get(deployment.version)!);
    for (const example of step.api.examples) yield* call('addExample', id, example);
    for (const test of step.api.tests) yield* call('addTest', id, remapTest(test, keyGroupIds));
  }
  return { apiIds, keyGroupIds };
}

function draftOf(api: ExportedApi): ApiDefinition {
  const { id: _id, versions: _v, deployments: _d, examples: _e, tests: _t, ...definition } = api;
  return definition;
}

const createdAt = (value: string | undefined): string =>
  value !== undefined && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : nowIso();
