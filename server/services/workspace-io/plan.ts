import { compileApi } from '../../../shared/compile/compile.js';
import type { ApiDefinition, ApiRecord } from '../../../shared/model/api.js';
import type { Environment, EnvironmentInput } from '../../../shared/model/environment.js';
import type {
  ConflictAction,
  ExportedApi,
  ExportedDeployment,
  ExportedKeyGroup,
  ImportConflict,
  WorkspaceFile,
} from '../../../shared/model/workspace-file.js';
import type { LiveDeployment } from '../../workspace/apis.js';
import { pathShape } from '../../openapi/names.js';

export type WorkspaceState = {
  apis: ApiRecord[];
  live: LiveDeployment[];
  environments: Environment[];
  keyGroups: { id: string; name: string; description: string }[];
};

export type ImportOptions = { onConflict: ConflictAction; resolutions: Record<string, ConflictAction> };

export type ApiStep = { api: ExportedApi; action: 'create' | ConflictAction; name: string; existingId?: string; deploy: ExportedDeployment[]; notes: string[] };
export type EnvironmentStep = {
  env: EnvironmentInput;
  action: 'create' | 'merge' | 'keep' | 'skip';
  vars: Record<string, string>;
  /** Secret values the file holds, to seal; names it lists empty (as exports do) are asked for in `notes`. */
  secrets: Record<string, string>;
  description: string;
  notes: string[];
};
export type KeyGroupStep = { group: ExportedKeyGroup; action: 'create' | ConflictAction; name: string; existingId?: string; notes: string[] };
export type Plan = { apis: ApiStep[]; environments: EnvironmentStep[]; keyGroups: KeyGroupStep[]; conflicts: ImportConflict[] };

const route = (definition: Pick<ApiDefinition, 'method' | 'path'>): string => `${definition.method} ${definition.path}`;
const routeKey = (environment: string, definition: Pick<ApiDefinition, 'method' | 'path'>): string =>
  `${environment} ${definition.method} ${pathShape(definition.path)}`;

/** `name`, or `name (2)`, `name (3)`… whichever is not taken (compared case-insensitively). */
function freeName(name: string, taken: Set<string>): string {
  let candidate = `${name} (2)`;
  for (let n = 3; taken.has(candidate.toLowerCase()); n++) candidate = `${name} (${n})`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** Decides what happens to each thing in the file; nothing is written here. */
export function planImport(file: WorkspaceFile, state: WorkspaceState, options: ImportOptions): Plan {
  const conflicts: ImportConflict[] = [];
  const resolve = (conflict: Omit<ImportConflict, 'action'>): ConflictAction => {
    const action = options.resolutions[conflict.key] ?? options.onConflict;
    conflicts.push({ ...conflict, action });
    return action;
  };
  const environments = file.environments.map((env) => planEnvironment(env, state, resolve));
  const keyGroups = planKeyGroups(file.keyGroups, state, resolve);
  const apis = planApis(file.apis, state, resolve);
  planDeployments(apis, state, new Set([...state.environments.map((env) => env.name), ...file.environments.map((env) => env.name)]));
  return { apis, environments, keyGroups, conflicts };
}

type Resolve = (conflict: Omit<ImportConflict, 'action'>) => ConflictAction;

/** Environments are matched by name and never renamed (deployments name them): a clash merges variables. */
function planEnvironment(env: EnvironmentInput, state: WorkspaceState, resolve: Resolve): EnvironmentStep {
  const existing = state.environments.find((candidate) => candidate.name === env.name);
  const step = planVariables(env, existing, resolve);
  if (step.action === 'skip') return step;
  const { secrets, asked } = secretsToSeal(env, existing, step.notes.includes(FILE_WINS));
  const notes = [...step.notes];
  if (!existing && (env.outbound.allowPrivate || env.outbound.allowHosts.length > 0)) notes.push(outboundNote(env));
  if (asked.length > 0) notes.push(`secret values to supply after the import: ${asked.join(', ')} (Environments ▸ ${env.name})`);
  const action = step.action === 'keep' && Object.keys(secrets).length > 0 ? 'merge' : step.action;
  return { ...step, action, secrets, notes };
}

const FILE_WINS = 'the file\u2019s variables win';

function planVariables(env: EnvironmentInput, existing: Environment | undefined, resolve: Resolve): EnvironmentStep {
  const base = { env, secrets: {} };
  if (!existing) return { ...base, action: 'create', vars: env.vars, description: env.description, notes: [] };
  const differing = Object.keys(env.vars).filter((name) => name in existing.vars && existing.vars[name] !== env.vars[name]);
  const missing = Object.keys(env.vars).filter((name) => !(name in existing.vars));
  const sameDescription = env.description === '' || env.description === existing.description;
  if (differing.length === 0 && sameDescription) {
    if (missing.length === 0) return { ...base, action: 'keep', vars: existing.vars, description: existing.description, notes: [] };
    return { ...base, action: 'merge', vars: { ...existing.vars, ...env.vars }, description: existing.description, notes: [`adds ${missing.join(', ')}`] };
  }
  const action = resolve({
    key: `environment:${env.name}`,
    kind: 'environment',
    name: env.name,
    reason: differing.length > 0 ? `the workspace's "${env.name}" has other values for ${differing.join(', ')}` : `the workspace's "${env.name}" has another description`,
  });
  if (action === 'skip') return { ...base, action: 'skip', vars: existing.vars, description: existing.description, notes: ['left as it is'] };
  if (action === 'replace') {
    return { ...base, action: 'merge', vars: { ...existing.vars, ...env.vars }, description: env.description || existing.description, notes: [FILE_WINS] };
  }
  // An environment cannot be renamed: "rename" adds the variables the workspace lacks and keeps the rest.
  return { ...base, action: 'merge', vars: { ...env.vars, ...existing.vars }, description: existing.description, notes: ['variables the workspace lacks are added; the others keep their values'] };
}

/**
 * Secret values the file holds are sealed where the workspace lacks them (or everywhere when the
 * file wins); names the file lists without a value, and the workspace lacks, are asked for.
 */
function secretsToSeal(env: EnvironmentInput, existing: Environment | undefined, fileWins: boolean): { secrets: Record<string, string>; asked: string[] } {
  const held = new Set(existing?.secretNames ?? []);
  const secrets: Record<string, string> = {};
  const asked: string[] = [];
  for (const [name, value] of Object.entries(env.secrets)) {
    if (value === '') {
      if (!held.has(name)) asked.push(name);
    } else if (fileWins || !held.has(name)) {
      secrets[name] = value;
    }
  }
  return { secrets, asked };
}

function outboundNote(env: EnvironmentInput): string {
  const allowed = [
    ...(env.outbound.allowPrivate ? ['private networks and this machine'] : []),
    ...(env.outbound.allowHosts.length > 0 ? [`the hosts ${env.outbound.allowHosts.join(', ')}`] : []),
  ];
  return `its flows may call ${allowed.join(' and ')} (outbound settings from the file)`;
}

function planKeyGroups(groups: readonly ExportedKeyGroup[], state: WorkspaceState, resolve: Resolve): KeyGroupStep[] {
  const taken = new Set(state.keyGroups.map((group) => group.name.toLowerCase()));
  return groups.map((group) => {
    const existing = state.keyGroups.find((candidate) => candidate.name.toLowerCase() === group.name.toLowerCase());
    if (!existing) {
      taken.add(group.name.toLowerCase());
      return { group, action: 'create', name: group.name, notes: ['starts with no tokens'] };
    }
    const action = resolve({ key: `keyGroup:${group.id}`, kind: 'keyGroup', name: group.name, reason: `the workspace has a key group "${existing.name}"` });
    if (action === 'rename') return { group, action, name: freeName(group.name, taken), notes: ['starts with no tokens'] };
    const notes = ['imported APIs that name it accept the tokens of the workspace\u2019s group'];
    return { group, action, name: existing.name, existingId: existing.id, notes };
  });
}

function planApis(apis: readonly ExportedApi[], state: WorkspaceState, resolve: Resolve): ApiStep[] {
  const names = new Set(state.apis.map((api) => api.name.toLowerCase()));
  const replaced = new Set<string>();
  return apis.map((api) => {
    const notes = draftNotes(api);
    const existing = state.apis.find((candidate) => candidate.method === api.method && pathShape(candidate.path) === pathShape(api.path));
    if (!existing) return { api, action: 'create', name: api.name, deploy: [], notes };
    let action = resolve({ key: `api:${api.id}`, kind: 'api', name: api.name, reason: `"${existing.name}" already answers ${route(existing)}` });
    if (action === 'replace' && replaced.has(existing.id)) {
      notes.push(`another API of the file already replaces "${existing.name}", so this one is renamed`);
      action = 'rename';
    }
    if (action === 'replace') {
      replaced.add(existing.id);
      return { api, action, name: api.name, existingId: existing.id, deploy: [], notes: [...notes, `replaces the draft of "${existing.name}" and where it is deployed; its old versions stay in its history`] };
    }
    if (action === 'skip') return { api, action, name: api.name, existingId: existing.id, deploy: [], notes };
    return { api, action, name: freeName(api.name, names), deploy: [], notes };
  });
}

function draftNotes(api: ExportedApi): string[] {
  const problems = compileApi(api).problems.filter((problem) => problem.severity === 'error');
  return problems.length === 0 ? [] : [`its draft has ${problems.length} problem${problems.length === 1 ? '' : 's'} to fix before it can be published again`];
}

/** Deploys what the file deployed, where the environment exists and no API that stays already serves the route. */
function planDeployments(apis: ApiStep[], state: WorkspaceState, environments: ReadonlySet<string>): void {
  const replacedIds = new Set(apis.filter((step) => step.action === 'replace').map((step) => step.existingId));
  const occupied = new Map<string, string>();
  for (const live of state.live) {
    if (!replacedIds.has(live.apiId)) occupied.set(routeKey(live.environment, live.definition), live.definition.name);
  }
  for (const step of apis) {
    if (step.action === 'skip') continue;
    for (const deployment of step.api.deployments) {
      const version = step.api.versions.find((candidate) => candidate.version === deployment.version)!;
      const key = routeKey(deployment.environment, version.definition);
      const holder = occupied.get(key);
      if (!environments.has(deployment.environment)) {
        step.notes.push(`not deployed to "${deployment.environment}": the workspace has no such environment`);
      } else if (holder !== undefined) {
        step.notes.push(`not deployed to "${deployment.environment}": "${holder}" serves ${route(version.definition)} there`);
      } else {
        occupied.set(key, step.name);
        step.deploy.push(deployment);
      }
    }
  }
}
