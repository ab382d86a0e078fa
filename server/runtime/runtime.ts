import type { EnvContext } from '../../shared/model/runtime.js';
import type { Change, ChangeFeed } from '../storage/changes.js';
import type { Plan } from '../../shared/compile/plan.js';
import { definitionHash, type ApiStore, type LiveDeployment } from '../workspace/apis.js';
import type { EnvironmentSnapshot } from '../workspace/environment-snapshot.js';
import { routeFor, routePattern, RouteTable, VersionCompiler, withEnv } from './route-table.js';
import type { ExecutorServices } from '../executors/types.js';

/** What changed in the table: one API (publish, rollback, unpublish, delete), one environment, or everything (an import). */
export type RuntimeChange = { kind: 'api'; apiId: string } | { kind: 'environment'; name: string } | { kind: 'all' };

/**
 * Holds the route table the runtime listener serves. A publish, rollback or unpublish changes that
 * API's routes only; an environment change rebuilds that environment's routes from their compiled
 * versions (flows read env at run time, so nothing is recompiled). Requests already dispatched
 * hold their route and finish on it.
 */
export class Runtime {
  private current: RouteTable;
  private readonly compiler: VersionCompiler;
  private readonly reloadListeners = new Set<(forgotten: string[], change: RuntimeChange) => void>();
  private readonly changeListeners = new Set<(change: RuntimeChange) => void>();
  /** APIs forgotten since the last reload, told to listeners with it (an import may reuse their ids). */
  private forgotten = new Set<string>();
  private envs: Map<string, EnvContext>;
  /** Changes are applied one at a time, in the order heard: each reads the workspace, then swaps routes. */
  private applying: Promise<void> = Promise.resolve();

  private constructor(
    private readonly apis: ApiStore,
    private readonly environments: EnvironmentSnapshot,
    private readonly services: ExecutorServices,
    live: LiveDeployment[],
  ) {
    this.compiler = new VersionCompiler(services);
    this.envs = this.readEnvironments();
    this.current = new RouteTable(live, this.envs, this.compiler, this.services);
  }

  /** The runtime serving what the workspace has published now. */
  static async load(apis: ApiStore, environments: EnvironmentSnapshot, services: ExecutorServices): Promise<Runtime> {
    return new Runtime(apis, environments, services, await apis.liveDeployments());
  }

  /**
   * Applies every change announced on the feed (this replica's writes and, on PostgreSQL, the
   * others'): an API's routes, an environment's, or everything after an import. Subscribe after
   * the environment snapshot, which must be fresh when an environment's routes are rebuilt.
   */
  follow(changes: ChangeFeed): () => void {
    return changes.subscribe((change) => this.apply(change));
  }

  /** One change, after those before it have been applied. */
  apply(change: Change): Promise<void> {
    const applied = this.applying.then(() => this.applyNow(change));
    this.applying = applied.catch(() => undefined);
    return applied;
  }

  private async applyNow(change: Change): Promise<void> {
    if (change.kind === 'api') await this.reloadApi(change.apiId);
    else if (change.kind === 'environment') await this.reloadEnvironment(change.name);
    else if (change.kind === 'workspace') await this.reload();
  }

  readonly table = (): RouteTable => this.current;

  /** Compiles done since start (cache misses): how tests see that a publish compiled only what changed. */
  get compiles(): number {
    return this.compiler.compiles;
  }

  /** Compiled versions held: one per version some route serves. */
  get compiledVersions(): number {
    return this.compiler.size;
  }

  /** Rebuilds everything from the workspace (an import); throws (leaving the current table serving) if the result would not work. */
  async reload(): Promise<void> {
    const live = await this.apis.liveDeployments();
    const envs = this.readEnvironments();
    this.current = new RouteTable(live, envs, this.compiler, this.services);
    this.envs = envs;
    this.compiler.keepOnly(this.current.routes);
    this.changed({ kind: 'all' });
  }

  /** Serves what the workspace now says of one API: its other routes and every other API's stay as they are. */
  async reloadApi(apiId: string): Promise<void> {
    const live = await this.deploymentsOf(apiId);
    const table = this.current;
    for (const environment of this.envs.keys()) {
      const deployment = live.get(environment);
      const served = table.get(environment, apiId);
      if (!deployment) {
        if (served) table.remove(environment, apiId);
        continue;
      }
      if (served && served.version === deployment.version) continue;
      table.set(routeFor(deployment, this.envs.get(environment)!, this.compiler, this.services));
    }
    for (const route of table.routesOf(apiId)) if (!this.envs.has(route.environment)) table.remove(route.environment, apiId);
    this.compiler.keepOnlyOf(apiId, table.routesOf(apiId));
    this.changed({ kind: 'api', apiId });
  }

  /** An environment's variables or existence changed: its routes get the new env, from the versions already compiled. */
  async reloadEnvironment(name: string): Promise<void> {
    // Read first: the table below changes without a pause, so no request sees it half-changed.
    const live = await this.apis.liveDeployments();
    this.envs = this.readEnvironments();
    const env = this.envs.get(name);
    const table = this.current;
    for (const route of table.routes.filter((r) => r.environment === name)) {
      if (env) table.set(withEnv(route, env));
      else table.remove(name, route.apiId);
    }
    if (env) {
      // A new environment may already have deployments (an import or a workspace changed behind our back).
      for (const deployment of live.filter((d) => d.environment === name && !table.get(name, d.apiId))) {
        table.set(routeFor(deployment, env, this.compiler, this.services));
      }
    }
    this.compiler.keepOnly(table.routes);
    this.changed({ kind: 'environment', name });
  }

  /** Called after each change with the APIs forgotten since the one before: how the flow workers follow publish, rollback and environment changes. */
  onReload(listener: (forgotten: string[], change: RuntimeChange) => void): void {
    this.reloadListeners.add(listener);
  }

  /** Called after each change, with what changed: caches of what the table serves (OpenAPI documents) drop what it touched. */
  onChange(listener: (change: RuntimeChange) => void): void {
    this.changeListeners.add(listener);
  }

  /**
   * Builds the table the workspace would have after a change, without serving it: an import calls
   * this before committing, so a clash is refused instead of half-applied.
   */
  check(deployments: LiveDeployment[]): void {
    new RouteTable(deployments, this.readEnvironments(), this.compiler, this.services);
  }

  /** Throws RouteConflict when serving `definition` for `apiId` in `environment` would clash with another API's route; compiles nothing. */
  checkRoute(apiId: string, environment: string, definition: LiveDeployment['definition']): void {
    this.current.checkConflict({ environment, apiId, definition, pattern: routePattern(environment, definition.path) });
  }

  /** The plan publishing checked for `definition`: the version stored from it is served from this plan, not compiled again. */
  offerPlan(apiId: string, definition: LiveDeployment['definition'], plan: Plan): void {
    this.compiler.offer(apiId, definitionHash(definition), plan);
  }

  forgetApi(apiId: string): void {
    this.compiler.forget(apiId);
    this.forgotten.add(apiId);
  }

  forgetVersion(apiId: string, version: number): void {
    this.compiler.forgetVersion(apiId, version);
  }

  private changed(change: RuntimeChange): void {
    const forgotten = [...this.forgotten];
    this.forgotten = new Set();
    for (const listener of this.changeListeners) listener(change);
    for (const listener of this.reloadListeners) listener(forgotten, change);
  }

  /** The environments each API is deployed to, with their versions' definitions, read for one API only. */
  private async deploymentsOf(apiId: string): Promise<Map<string, LiveDeployment>> {
    const found = new Map<string, LiveDeployment>();
    const api = await this.apis.get(apiId);
    // Deleted (here or on another replica): its compiled versions go too, and its id may come back with an import.
    if (!api) {
      this.forgetApi(apiId);
      return found;
    }
    const definitions = new Map<number, LiveDeployment['definition'] | undefined>();
    for (const deployment of api.deployments) {
      if (!definitions.has(deployment.version)) definitions.set(deployment.version, await this.apis.version(apiId, deployment.version));
      const definition = definitions.get(deployment.version);
      if (definition) found.set(deployment.environment, { environment: deployment.environment, apiId, version: deployment.version, definition, publishedAt: deployment.publishedAt });
    }
    return found;
  }

  // Secret variables reach flows as env.vars like the others, decrypted once per change by the snapshot.
  private readEnvironments(): Map<string, EnvContext> {
    return new Map<string, EnvContext>(this.environments.flowContexts().map((env) => [env.name, env]));
  }
}
