import type { EnvContext } from '../../shared/model/runtime.js';
import type { ApiRepository, LiveDeployment } from '../workspace/apis.js';
import type { EnvironmentRepository } from '../workspace/environments.js';
import { routeFor, routePattern, RouteTable, VersionCompiler } from './route-table.js';
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

  constructor(
    private readonly apis: ApiRepository,
    private readonly environments: EnvironmentRepository,
    private readonly services: ExecutorServices,
  ) {
    this.compiler = new VersionCompiler(services);
    this.envs = this.readEnvironments();
    this.current = new RouteTable(this.apis.liveDeployments(), this.envs, this.compiler, this.services);
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
  reload(): void {
    const envs = this.readEnvironments();
    this.current = new RouteTable(this.apis.liveDeployments(), envs, this.compiler, this.services);
    this.envs = envs;
    this.compiler.keepOnly(this.current.routes);
    this.changed({ kind: 'all' });
  }

  /** Serves what the workspace now says of one API: its other routes and every other API's stay as they are. */
  reloadApi(apiId: string): void {
    const live = this.deploymentsOf(apiId);
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
  reloadEnvironment(name: string): void {
    this.envs = this.readEnvironments();
    const env = this.envs.get(name);
    const table = this.current;
    for (const route of table.routes.filter((r) => r.environment === name)) {
      if (env) table.set({ ...route, env });
      else table.remove(name, route.apiId);
    }
    if (env) {
      // A new environment may already have deployments (an import or a workspace changed behind our back).
      for (const deployment of this.apis.liveDeployments().filter((d) => d.environment === name && !table.get(name, d.apiId))) {
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
  private deploymentsOf(apiId: string): Map<string, LiveDeployment> {
    const found = new Map<string, LiveDeployment>();
    const api = this.apis.get(apiId);
    if (!api) return found;
    const definitions = new Map<number, LiveDeployment['definition'] | undefined>();
    for (const deployment of api.deployments) {
      if (!definitions.has(deployment.version)) definitions.set(deployment.version, this.apis.version(apiId, deployment.version));
      const definition = definitions.get(deployment.version);
      if (definition) found.set(deployment.environment, { environment: deployment.environment, apiId, version: deployment.version, definition, publishedAt: deployment.publishedAt });
    }
    return found;
  }

  // Secret variables reach flows as env.vars like the others, decrypted here, once per change.
  private readEnvironments(): Map<string, EnvContext> {
    return new Map<string, EnvContext>(this.environments.flowContexts().map((env) => [env.name, env]));
  }
}
