import { compileApi } from '../../../shared/compile/compile.js';
import { inputIssues } from '../../../shared/input-issues.js';
import type { ApiDefinition } from '../../../shared/model/api.js';
import { WorkspaceFile } from '../../../shared/model/workspace-file.js';
import { nodeDefinition } from '../../../shared/nodes/registry.js';
import { checkJsonShape, invalidFile, preflight } from './shape.js';

/** How many issues an error lists before it says "and N more". */
const MAX_LISTED_ISSUES = 50;

type Issue = { path: string; message: string };

/**
 * Everything an import checks before it plans: shape and bounds, the schema, then what the schema
 * cannot say: known node types, unique ids and names, deployments of versions that exist, published
 * versions that compile, key groups that exist. Drafts may have problems, as drafts may.
 * `knownKeyGroupIds`: groups of this workspace that an API may name without the file carrying them.
 */
export function validateWorkspaceFile(input: unknown, knownKeyGroupIds: ReadonlySet<string>): WorkspaceFile {
  checkJsonShape(input);
  preflight(input);
  const parsed = WorkspaceFile.safeParse(input);
  if (!parsed.success) {
    const issues = inputIssues(parsed.error);
    throw invalidFile('invalid_workspace_file', `The file is not a valid workspace file: ${summarise(issues)}`, issues.slice(0, MAX_LISTED_ISSUES));
  }
  const file = parsed.data;
  const fail = (code: string, what: string, issues: Issue[]): void => {
    if (issues.length > 0) throw invalidFile(code, `${what}: ${summarise(issues)}`, issues.slice(0, MAX_LISTED_ISSUES));
  };

  fail('unknown_node_type', 'The file uses node types this Flowgate does not know', unknownNodeTypes(file));
  fail('duplicate_id', 'The file names one thing twice', duplicates(file));
  const fileGroupIds = new Set(file.keyGroups.map((group) => group.id));
  const references: Issue[] = [];
  file.apis.forEach((api, index) => {
    const versions = new Set(api.versions.map((version) => version.version));
    for (const [at, deployment] of api.deployments.entries()) {
      if (!versions.has(deployment.version)) {
        references.push({ path: `apis.${index}.deployments.${at}`, message: `"${api.name}" is deployed as v${deployment.version}, which the file does not hold` });
      }
    }
    for (const [at, definition] of [api, ...api.versions.map((version) => version.definition)].entries()) {
      for (const id of definition.auth.keyGroupIds) {
        if (!fileGroupIds.has(id) && !knownKeyGroupIds.has(id)) {
          references.push({ path: at === 0 ? `apis.${index}.auth` : `apis.${index}.versions.${at - 1}`, message: `"${api.name}" names the key group "${id}", which is neither in the file nor in this workspace` });
        }
      }
    }
  });
  fail('invalid_reference', 'The file refers to things it does not hold', references);
  fail('invalid_version', 'Published versions must compile', versionProblems(file));
  return file;
}

function definitionsOf(file: WorkspaceFile): { path: string; definition: ApiDefinition }[] {
  return file.apis.flatMap((api, index) => [
    { path: `apis.${index}`, definition: api as ApiDefinition },
    ...api.versions.map((version, at) => ({ path: `apis.${index}.versions.${at}`, definition: version.definition })),
  ]);
}

function unknownNodeTypes(file: WorkspaceFile): Issue[] {
  const issues: Issue[] = [];
  for (const { path, definition } of definitionsOf(file)) {
    definition.flow.nodes.forEach((node, index) => {
      if (!nodeDefinition(node.type)) issues.push({ path: `${path}.flow.nodes.${index}`, message: `"${definition.name}" has a node of the unknown type "${node.type}"` });
    });
  }
  return issues;
}

function duplicates(file: WorkspaceFile): Issue[] {
  const issues: Issue[] = [];
  const check = (list: readonly string[], path: string, what: string): void => {
    const seen = new Set<string>();
    list.forEach((value, index) => {
      if (seen.has(value)) issues.push({ path: `${path}.${index}`, message: `${what} "${value}" appears twice` });
      seen.add(value);
    });
  };
  check(file.apis.map((api) => api.id), 'apis', 'the API id');
  check(file.environments.map((env) => env.name), 'environments', 'the environment');
  check(file.keyGroups.map((group) => group.id), 'keyGroups', 'the key group id');
  check(file.keyGroups.map((group) => group.name.toLowerCase()), 'keyGroups', 'the key group name');
  file.apis.forEach((api, index) => {
    check(api.versions.map((version) => String(version.version)), `apis.${index}.versions`, `"${api.name}": the version`);
    check(api.deployments.map((deployment) => deployment.environment), `apis.${index}.deployments`, `"${api.name}": the deployment to`);
  });
  return issues;
}

function versionProblems(file: WorkspaceFile): Issue[] {
  const issues: Issue[] = [];
  file.apis.forEach((api, index) => {
    api.versions.forEach((version, at) => {
      const result = compileApi(version.definition, { published: true });
      if (result.ok) return;
      const first = result.problems.find((problem) => problem.severity === 'error');
      issues.push({ path: `apis.${index}.versions.${at}`, message: `"${api.name}" v${version.version} does not compile: ${first?.message ?? 'unknown problem'}` });
    });
  });
  return issues;
}

function summarise(issues: readonly Issue[]): string {
  const shown = issues.slice(0, 3).map((issue) => `${issue.path}: ${issue.message}`);
  return issues.length > 3 ? `${shown.join('; ')}; and ${issues.length - 3} more` : shown.join('; ');
}
