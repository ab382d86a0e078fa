import { ImportRequest, type ImportAction, type ImportItem, type ImportPlan, type WorkspaceFile } from '../../shared/model/workspace-file.js';
import type { KeyGroupService } from '../auth/key-groups.js';
import { HttpError, notFound } from '../http/errors.js';
import { parseInput } from '../http/validate.js';
import type { ExampleStore } from '../openapi/examples.js';
import { RouteConflict } from '../runtime/route-table.js';
import type { Runtime } from '../runtime/runtime.js';
import type { ChangeFeed } from '../storage/changes.js';
import { byEngine, type Storage } from '../storage/storage.js';
import type { ApiTestStore } from '../workspace/api-tests.js';
import type { ApiStore } from '../workspace/apis.js';
import { SqliteEnvironmentStore, type EnvironmentStore, type SecretSealer } from '../workspace/environments.js';
import { PostgresWorkspaceImport } from '../workspace/postgres/workspace-import.js';
import { applyPlan, type Applied } from './workspace-io/apply.js';
import { exportWorkspace } from './workspace-io/export.js';
import { call, type WorkspaceImportStore } from './workspace-io/import-ops.js';
import { planImport, type Plan, type WorkspaceState } from './workspace-io/plan.js';
import { checkJsonShape } from './workspace-io/shape.js';
import { SqliteWorkspaceImport } from './workspace-io/sqlite-import.js';
import { applySuites } from './workspace-io/suites.js';
import { validateWorkspaceFile } from './workspace-io/validate-file.js';

export type WorkspaceIoDeps = {
  apis: ApiStore;
  environments: EnvironmentStore;
  keyGroups: KeyGroupService;
  examples: ExampleStore;
  tests: ApiTestStore;
  /** Where an import is applied, in one transaction of the workspace's engine. */
  importer: WorkspaceImportStore;
  runtime: Runtime;
  /** An applied import is announced as `workspace`: the runtime, record indexes and caches of every replica reload. */
  changes: ChangeFeed;
};

/** Where imports are applied on the workspace's engine: one transaction each. */
export function workspaceImportFor(storage: Storage, sealer: SecretSealer | null): WorkspaceImportStore {
  return byEngine<WorkspaceImportStore>(storage, {
    sqlite: (db) => new SqliteWorkspaceImport(db, new SqliteEnvironmentStore(db, sealer)),
    postgres: (pg) => new PostgresWorkspaceImport(pg, sealer),
  });
}

/** Thrown inside the transaction to roll a dry run back once it has been tried in full. */
class DryRunDone extends Error {}

/** Export of a workspace or one API, and an import that validates everything, then applies all of it or nothing. */
export class WorkspaceIoService {
  constructor(private readonly deps: WorkspaceIoDeps) {}

  exportWorkspace(): Promise<WorkspaceFile> {
    return exportWorkspace(this.deps);
  }

  async exportApi(id: string): Promise<WorkspaceFile> {
    const record = await this.deps.apis.get(id);
    if (!record) throw notFound(`The API "${id}"`);
    return exportWorkspace(this.deps, [record]);
  }

  /**
   * A dry run writes the whole import inside a transaction, checks the route table it would serve,
   * and rolls back: its answer is exactly what the import would do. A real import commits the same
   * transaction and announces one `workspace` change.
   */
  async import(body: unknown): Promise<ImportPlan> {
    checkJsonShape(body);
    const request = parseInput(ImportRequest, body);
    const state = await this.state();
    const file = validateWorkspaceFile(request.file, new Set(state.keyGroups.map((group) => group.id)));
    const plan = planImport(file, state, request);
    const touched = new Set(plan.apis.flatMap((step) => (step.existingId ? [step.existingId] : [])));
    const { runtime } = this.deps;
    let applied: Applied | undefined;
    const blocking: string[] = [];
    try {
      await this.deps.importer.transaction(function* () {
        applied = yield* applyPlan(plan);
        yield* applySuites(file.suites, plan, applied);
        for (const id of applied.apiIds.values()) touched.add(id);
        runtime.check(yield* call('liveDeployments'));
        if (request.dryRun) throw new DryRunDone();
      });
    } catch (error) {
      // Compiled versions of rolled-back ids and numbers must not outlive the transaction.
      for (const id of touched) runtime.forgetApi(id);
      if (error instanceof RouteConflict) {
        if (!request.dryRun) throw new HttpError(409, 'route_conflict', `The import would serve two APIs on one route: ${error.message}`);
        blocking.push(error.message);
      } else if (!(error instanceof DryRunDone)) {
        throw error;
      }
    }
    if (!request.dryRun) await this.deps.changes.announce({ kind: 'workspace' });
    return summarise(plan, request.dryRun ? undefined : applied, blocking, request.dryRun);
  }

  private async state(): Promise<WorkspaceState> {
    const [apis, live, environments, keyGroups] = await Promise.all([
      this.deps.apis.list(),
      this.deps.apis.liveDeployments(),
      this.deps.environments.list(),
      this.deps.keyGroups.list(),
    ]);
    return { apis, live, environments, keyGroups: keyGroups.map(({ id, name, description }) => ({ id, name, description })) };
  }
}

function summarise(plan: Plan, applied: Applied | undefined, blocking: string[], dryRun: boolean): ImportPlan {
  const items: ImportItem[] = [
    ...plan.environments.map((step): ImportItem => ({ kind: 'environment', name: step.env.name, action: step.action, notes: step.notes })),
    ...plan.keyGroups.map((step): ImportItem => ({
      kind: 'keyGroup',
      name: step.group.name,
      action: step.action,
      notes: step.notes,
      ...(step.action === 'rename' ? { newName: step.name } : {}),
      ...(step.existingId ? { existingId: step.existingId } : {}),
      ...(applied?.keyGroupIds.has(step.group.id) ? { id: applied.keyGroupIds.get(step.group.id)! } : {}),
    })),
    ...plan.apis.map((step): ImportItem => ({
      kind: 'api',
      name: step.api.name,
      action: step.action,
      route: `${step.api.method} ${step.api.path}`,
      deploys: step.deploy.map((deployment) => `${deployment.environment}@v${deployment.version}`),
      notes: step.notes,
      ...(step.action === 'rename' ? { newName: step.name } : {}),
      ...(step.existingId ? { existingId: step.existingId } : {}),
      ...(applied?.apiIds.has(step) ? { id: applied.apiIds.get(step)! } : {}),
    })),
  ];
  const counts: Record<ImportAction, number> = { create: 0, replace: 0, skip: 0, rename: 0, merge: 0, keep: 0 };
  for (const item of items) counts[item.action] += 1;
  return { dryRun, ok: blocking.length === 0, items, conflicts: plan.conflicts, blocking, counts };
}
