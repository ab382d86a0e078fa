import type { EnvContext } from '../../shared/model/runtime.js';
import type { ApiRepository, LiveDeployment } from '../workspace/apis.js';
import type { EnvironmentRepository } from '../workspace/environments.js';
import { RouteTable, VersionCompiler } from './route-table.js';
import type { ExecutorServices } from '../executors/types.js';

/**
 * Holds the route table the runtime listener serves. Every change builds a new table beside the
 * old one and swaps the reference: requests already dispatched finish on the route they hold.
 */
export class Runtime {
  private current: RouteTable;
  private readonly compiler: VersionCompiler;
  private readonly reloadListeners = new Set<(forgotten: string[]) => void>();
  /** APIs forgotten since the last reload, told to listeners with it (an import may reuse their ids). */
  private forgotten = new Set<string>();

  constructor(
    private readonly apis: ApiRepository,
    private readonly environments: EnvironmentRepository,
    services: ExecutorServices,
  ) {
    this.compiler = new VersionCompiler(services);
    this.current = this.build(this.apis.liveDeployments());
  }

  readonly table = (): RouteTable => this.current;

  /** Rebuilds from the workspace; throws (leaving the current table serving) if the result would not work. */
  reload(): void {
    this.current = this.build(this.apis.liveDeployments());
    const forgotten = [...this.forgotten];
    this.forgotten = new Set();
    for (const listener of this.reloadListeners) listener(forgotten);
  }

  /** Called after each reload with the APIs forgotten since the one before: how the flow workers follow publish, rollback and environment changes. */
  onReload(listener: (forgotten: string[]) => void): void {
    this.reloadListeners.add(listener);
  }

  /**
   * Builds the table the workspace would have after a change, without serving it: publish and
   * rollback call this before committing, so a clash is refused instead of half-applied.
   */
  check(deployments: LiveDeployment[]): void {
    this.build(deployments);
  }

  forgetApi(apiId: string): void {
    this.compiler.forget(apiId);
    this.forgotten.add(apiId);
  }

  forgetVersion(apiId: string, version: number): void {
    this.compiler.forgetVersion(apiId, version);
  }

  private build(deployments: LiveDeployment[]): RouteTable {
    // Secret variables reach flows as env.vars like the others, decrypted here, once per table.
    const envs = new Map<string, EnvContext>(this.environments.flowContexts().map((env) => [env.name, env]));
    return new RouteTable(deployments, envs, this.compiler);
  }
}
