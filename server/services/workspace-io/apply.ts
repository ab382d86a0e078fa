import type { ApiDefinition } from '../../../shared/model/api.js';
import type { ExportedApi } from '../../../shared/model/workspace-file.js';
import type { KeyGroupService } from '../../auth/key-groups.js';
import type { ExampleRepository } from '../../openapi/examples.js';
import type { ApiTestRepository } from '../../workspace/api-tests.js';
import type { ApiRepository } from '../../workspace/apis.js';
import { definitionHash } from '../../workspace/apis.js';
import type { Db } from '../../workspace/db.js';
import { nowIso } from '../../workspace/db.js';
import type { EnvironmentRepository } from '../../workspace/environments.js';
import type { ApiStep, Plan } from './plan.js';
import { remapTest } from './suites.js';

export type ApplyDeps = {
  db: Db;
  apis: ApiRepository;
  environments: EnvironmentRepository;
  keyGroups: KeyGroupService;
  examples: ExampleRepository;
  tests: ApiTestRepository;
};

/** What an applied plan created or changed: the workspace's ids, by step. */
export type Applied = { apiIds: Map<ApiStep, string>; keyGroupIds: Map<string, string> };

/**
 * Writes a plan. Call it inside one transaction: it throws halfway only when the database does,
 * and the caller's transaction then leaves nothing behind.
 */
export function applyPlan(plan: Plan, deps: ApplyDeps): Applied {
  for (const step of plan.environments) {
    const { name } = step.env;
    if (step.action === 'create') {
      deps.environments.create({ name, description: step.description, vars: step.vars, secrets: step.secrets, outbound: step.env.outbound });
    }
    // An existing environment keeps its outbound settings: an imported file never widens them.
    if (step.action === 'merge') deps.environments.update(name, { description: step.description, vars: step.vars, secrets: step.secrets });
  }

  // File key-group id → this workspace's id; ids the file does not hold already are this workspace's.
  const keyGroupIds = new Map<string, string>();
  for (const step of plan.keyGroups) {
    if (step.action === 'create' || step.action === 'rename') {
      keyGroupIds.set(step.group.id, deps.keyGroups.create({ name: step.name, description: step.group.description, tokenIds: [] }).id);
    } else {
      if (step.action === 'replace') deps.keyGroups.update(step.existingId!, { description: step.group.description });
      keyGroupIds.set(step.group.id, step.existingId!);
    }
  }
  const remap = (definition: ApiDefinition): ApiDefinition => ({
    ...definition,
    auth: { ...definition.auth, keyGroupIds: definition.auth.keyGroupIds.map((id) => keyGroupIds.get(id) ?? id) },
  });

  const insertVersion = deps.db.prepare('INSERT INTO api_versions (api_id, version, definition, hash, created_at) VALUES (?, ?, ?, ?, ?)');
  // APIs list by creation time: a millisecond apart, the imported ones keep the file's order.
  const setCreatedAt = deps.db.prepare('UPDATE apis SET created_at = ?, updated_at = ? WHERE id = ?');
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
      const record = deps.apis.update(id, draft)!;
      for (const deployment of record.deployments) deps.apis.undeploy(id, deployment.environment);
      deps.examples.deleteAll(id);
      deps.tests.deleteAll(id);
      firstVersion = record.latestVersion ?? 0;
    } else {
      id = deps.apis.create(draft).id;
      const at = new Date(startedAt + created++).toISOString();
      setCreatedAt.run(at, at, id);
    }
    apiIds.set(step, id);

    // A replaced API keeps its history: the file's versions follow its newest one.
    const numbers = new Map<number, number>();
    [...step.api.versions].sort((a, b) => a.version - b.version).forEach((version, index) => {
      const number = step.action === 'replace' ? firstVersion + index + 1 : version.version;
      numbers.set(version.version, number);
      const definition = remap(named(version.definition));
      insertVersion.run(id, number, JSON.stringify(definition), definitionHash(definition), createdAt(version.createdAt));
    });
    for (const deployment of step.deploy) deps.apis.deploy(id, deployment.environment, numbers.get(deployment.version)!);
    for (const example of step.api.examples) deps.examples.add(id, example);
    for (const test of step.api.tests) deps.tests.create(id, remapTest(test, keyGroupIds));
  }
  return { apiIds, keyGroupIds };
}

function draftOf(api: ExportedApi): ApiDefinition {
  const { id: _id, versions: _v, deployments: _d, examples: _e, tests: _t, ...definition } = api;
  return definition;
}

const createdAt = (value: string | undefined): string =>
  value !== undefined && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : nowIso();
