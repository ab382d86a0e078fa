import type { ApiDefinition, ApiRecord } from '../../../shared/model/api.js';
import {
  WORKSPACE_FILE_FORMAT,
  WORKSPACE_FILE_NOTE,
  WORKSPACE_FILE_VERSION,
  type ExportedApi,
  type WorkspaceFile,
} from '../../../shared/model/workspace-file.js';
import type { KeyGroupService } from '../../auth/key-groups.js';
import type { ExampleRepository } from '../../openapi/examples.js';
import type { ApiTestRepository } from '../../workspace/api-tests.js';
import type { ApiRepository } from '../../workspace/apis.js';
import type { EnvironmentRepository } from '../../workspace/environments.js';

export type ExportSource = {
  apis: ApiRepository;
  environments: EnvironmentRepository;
  keyGroups: KeyGroupService;
  examples: ExampleRepository;
  tests: ApiTestRepository;
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
export function exportWorkspace(source: ExportSource, only?: readonly ApiRecord[]): WorkspaceFile {
  const records = only ?? source.apis.list();
  const apis = records.map((record) => exportApi(source, record));
  const deployedTo = new Set(apis.flatMap((api) => api.deployments.map((d) => d.environment)));
  const named = new Set(apis.flatMap((api) => [api, ...api.versions.map((v) => v.definition)].flatMap((d) => d.auth.keyGroupIds)));
  const environments = source.environments
    .list()
    .filter((env) => !only || deployedTo.has(env.name))
    // Secrets are named, never exported: the importing workspace asks for their values.
    .map(({ name, description, vars, secretNames, outbound }) => ({ name, description, vars, secrets: Object.fromEntries(secretNames.map((secret) => [secret, ''])), outbound }));
  const keyGroups = source.keyGroups
    .list()
    .filter((group) => !only || named.has(group.id))
    .map(({ id, name, description }) => ({ id, name, description }));
  return {
    format: WORKSPACE_FILE_FORMAT,
    version: WORKSPACE_FILE_VERSION,
    exportedAt: new Date().toISOString(),
    note: WORKSPACE_FILE_NOTE,
    environments,
    keyGroups,
    apis,
    // Suites go along when every API they call does.
    suites: source.tests
      .suites()
      .filter((suite) => suite.steps.every((step) => apis.some((api) => api.id === step.apiId)))
      .map(({ id: _i, createdAt: _c, updatedAt: _u, revision: _r, ...suite }) => suite),
  };
}

function exportApi(source: ExportSource, record: ApiRecord): ExportedApi {
  const served = source.apis.versions(record.id).filter((version) => version.environments.length > 0);
  return {
    id: record.id,
    ...draftOf(record),
    versions: served
      .sort((a, b) => a.version - b.version)
      .map((version) => ({ version: version.version, createdAt: version.createdAt, definition: version.definition })),
    deployments: record.deployments.map(({ environment, version }) => ({ environment, version })),
    examples: source.examples.list(record.id).map(({ name, request, response }) => ({ name, request, response })),
    tests: source.tests.list(record.id).map(({ id: _i, apiId: _a, createdAt: _c, updatedAt: _u, revision: _r, ...test }) => test),
  };
}
