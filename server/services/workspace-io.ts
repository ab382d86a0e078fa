import { ImportRequest, type ImportAction, type ImportItem, type ImportPlan, type WorkspaceFile } from '../../shared/model/workspace-file.js';
import type { KeyGroupService } from '../auth/key-groups.js';
import { HttpError, notFound } from '../http/errors.js';
import { parseInput } from '../http/validate.js';
import { ExampleRepository } from '../openapi/examples.js';
import { ApiTestRepository } from '../workspace/api-tests.js';
import { RouteConflict } from '../runtime/route-table.js';
import type { Runtime } from '../runtime/runtime.js';
import type { ApiRepository } from '../workspace/apis.js';
import type { Db } from '../workspace/db.js';
import type { EnvironmentRepository } from '../workspace/environments.js';
import { applyPlan, type Applied } from './workspace-io/apply.js';
import { exportWorkspace } from './workspace-io/export.js';
import { planImport, type Plan, type WorkspaceState } from './workspace-io/plan.js';
import { checkJsonShape } from './workspace-io/shape.js';
import { applySuites } from './workspace-io/suites.js';
import { validateWorkspaceFile } from './workspace-io/validate-file.js';

export type WorkspaceIoDeps = {
  db: Db; apis: ApiRepository; environments: EnvironmentRepository; keyGroups: KeyGroupService; runtime: Runtime;
  /** Called after an import is applied, so what follows the published APIs (record indexes) follows the imported ones too. */
  onImported?: () => void;
};

/** Thrown inside the transaction to roll a dry run back once it has been tried in full. */
class DryRunDone extends Error {}

/** Export of a workspace or one API, and an import that validates everything, then applies all of it or nothing. */
export class WorkspaceIoService {
  private readonly examples: ExampleRepository;
  private readonly tests: ApiTestRepository;

  constructor(private readonly deps: WorkspaceIoDeps) {
    this.examples = new ExampleRepository(deps.db);
    this.tests = new ApiTestRepository(deps.db);
  }

  exportWorkspace(): WorkspaceFile {
    return exportWorkspace(this.source());
  }

  exportApi(id: string): WorkspaceFile {
    const record = this.deps.apis.get(id);
    if (!record) throw notFound(`The API "${id}"`);
    return exportWorkspace(this.source(), [record]);
  }

  /**
   * A dry run writes the whole import inside a transaction, checks the route table it would serve,
   * and rolls back: its answer is exactly what the import would do. A real import commits the same
   * transaction and reloads the runtime once.
   */
  import(body: unknown): ImportPlan {
    checkJsonShape(body);
    const request = parseInput(ImportRequest, body);
    const state = this.state();
    const file = validateWorkspaceFile(request.file, new Set(state.keyGroups.map((group) => group.id)));
    const plan = planImport(file, state, request);
    const touched = new Set(plan.apis.flatMap((step) => (step.existingId ? [step.existingId] : [])));
    let applied: Applied | undefined;
    const blocking: string[] = [];
    try {
      this.deps.db.transaction(() => {
        applied = applyPlan(plan, { ...this.deps, examples: this.examples, tests: this.tests });
        applySuites(file.suites, plan, applied, this.tests, this.deps.apis);
        for (const id of applied.apiIds.values()) touched.add(id);
        this.deps.runtime.check(this.deps.apis.liveDeployments());
        if (request.dryRun) throw new DryRunDone();
      })();
    } catch (error) {
      // Compiled versions of rolled-back ids and numbers must not outlive the transaction.
      for (const id of touched) this.deps.runtime.forgetApi(id);
      if (error instanceof RouteConflict) {
        if (!request.dryRun) throw new HttpError(409, 'route_conflict', `The import would serve two APIs on one route: ${error.message}`);
        blocking.push(error.message);
      } else if (!(error instanceof DryRunDone)) {
        throw error;
      }
    }
    if (!request.dryRun) {
      this.deps.runtime.reload();
      this.deps.onImported?.();
    }
    return summarise(plan, request.dryRun ? undefined : applied, blocking, request.dryRun);
  }

  private source() {
    return { apis: this.deps.apis, environments: this.deps.environments, keyGroups: this.deps.keyGroups, examples: this.examples, tests: this.tests };
  }

  private state(): WorkspaceState {
    return {
      apis: this.deps.apis.list(),
      live: this.deps.apis.liveDeployments(),
      environments: this.deps.environments.list(),
      keyGroups: this.deps.keyGroups.list().map(({ id, name, description }) => ({ id, name, description })),
    };
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
