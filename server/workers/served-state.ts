import type { OutboundSettings } from '../../shared/model/environment.js';
import type { EnvContext } from '../../shared/model/runtime.js';
import type { OwnListener } from '../net/outbound.js';
import type { ServedChange, ServedTable } from './protocol.js';

/**
 * What the flow workers serve, as the listener last told them: changes are folded in one API at a
 * time, and a worker started later (or in place of a stuck one) gets all of it as one table.
 */
export class ServedState {
  private envs = new Map<string, EnvContext>();
  private outbound: Record<string, OutboundSettings> = {};
  private ownListeners: OwnListener[] = [];
  /** By API: the versions it serves, in any environment. */
  private live = new Map<string, Set<number>>();

  /** A whole table replaces everything; its `forget` applies once, to the workers it was sent to. */
  replace(table: ServedTable): void {
    this.envs = new Map(table.envs.map((env) => [env.name, env]));
    this.outbound = table.outbound;
    this.ownListeners = table.ownListeners;
    this.live = new Map();
    for (const { apiId, version } of table.live) this.serve(apiId, version);
  }

  change(change: ServedChange): void {
    for (const env of change.envs) this.envs.set(env.name, env);
    this.live.delete(change.apiId);
    for (const route of change.routes) this.serve(change.apiId, route.version);
  }

  /** The whole table, for a worker that starts now: the workspace as it is, so nothing to forget. */
  table(): ServedTable {
    const live: ServedTable['live'] = [];
    for (const [apiId, versions] of this.live) for (const version of versions) live.push({ apiId, version });
    return { envs: [...this.envs.values()], outbound: this.outbound, ownListeners: this.ownListeners, live, forget: [] };
  }

  private serve(apiId: string, version: number): void {
    let versions = this.live.get(apiId);
    if (!versions) this.live.set(apiId, (versions = new Set()));
    versions.add(version);
  }
}
