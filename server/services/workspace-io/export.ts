import type { ApiDefinition, ApiRecord } from '../../../shared/model/api.js';
import {
  WORKSPACE_FILE_FORMAT,
  WORKSPACE_FILE_NOTE,
  WORKSPACE_FILE_VERSION,
  type ExportedApi,
  type WorkspaceFile,
} from '../../../shared/model/workspace-file.js';
import type { KeyGroupService } from '../../auth/key-groups.js';
import type { ExampleStore } from '../../openapi/examples.js';
import type { ApiTestStore } from '../../workspace/api-tests.js';
import type { ApiStore } from '../../workspace/apis.js';
import type { EnvironmentStore } from '../../workspace/environments.js';

export type ExportSource = {
  apis: ApiStore;
  environments: EnvironmentStore;
  keyGroups: KeyGroupService;
  examples: ExampleStore;
  tests: ApiTestStore;
};

export function draftOf(record: ApiRecord): ApiDefinition {
  const { id: _id, createdAt: _c, updatedAt: _u, latestVersion: _l, deployments: _d, revision: _r, ...definition } = record;
  return definition;
}

/**
 * The whole workspace, or the given APIs with just the environments they are deployed to and the
 * key groups they name. Versions: only those an environment serves, which is what reproduces the
 * same answers elsewhere without carrying every version ever published.
 */
export async function exportWorkspace(source: ExportSource, only?: readonly ApiRecord[]): Promise<WorkspaceFile> {
  const records = only ?? (await source.apis.list());
  const apis = await Promise.all(records.map((record) => exportApi(source, record)));
  const deployedTo = new Set(apis.flatMap((api) => api.deployments.map((d) => d.environment)));
  const named = new Set(apis.flatMap((api) => [api, ...api.versions.map((v) => v.definition)].flatMap((d) => d.auth.keyGroupIds)));
  const environments = (await source.environments.list())
    .filter((env) => !only || deployedTo.has(env.name))
    // Secrets are named, never exported: the importing workspace asks for their values.
    .map(({ name, description, vars, secretNames, outbound }) => ({ name, description, vars, secrets: Object.fromEntries(secretNames.map((secret) => [secret, ''])), outbound }));
  const keyGroups = (await source.keyGroups.list())
    .filter((group) => !only || named.has(group.id))
    .map(({ id, name, description }) => ({ id, name, description }));
  const suites = await source.tests.suites();
  return {
    format: WORKSPACE_FILE_FORMAT,
    version: WORKSPACE_FILE_VERSION,
    exportedAt: new Date().toISOString(),
    note: WORKSPACE_FILE_NOTE,
    environments,
    keyGroups,
    apis,
    // Suites go along when every API they call does.
    suites: suites
      .filter((suite) => suite.steps.every((step) => apis.some((api) => api.id === step.apiId)))
      .map(({ id: _i, createdAt: _c, updatedAt: _u, revision: _r, ...suite }) => suite),
  };
}

async function exportApi(source: ExportSource, record: ApiRecord): Promise<ExportedApi> {
  const [versions, examples, tests] = await Promise.all([source.apis.versions(record.id), source.examples.list(record.id), source.tests.list(record.id)]);
  const served = versions.filter((version) => version.environments.length > 0);
  return {
    id: record.id,
    ...draftOf(record),
    versions: served
      .sort((a, b) => a.version - b.version)
      .map((version) => ({ version: version.version, createdAt: version.createdAt, definition: version.definition })),
    deployments: record.deployments.map(({ environment, version }) => ({ environment, version })),
    examples: examples.map(({ name, request, response }) => ({ name, request, response })),
    tests: tests.map(({ id: _i, apiId: _a, createdAt: _c, updatedAt: _u, revision: _r, ...test }) => test),
  };
}
