import type { EnvContext } from '../../shared/model/runtime.js';
import type { OwnListener } from '../net/outbound.js';
import type { RouteTable } from '../runtime/route-table.js';
import type { Runtime } from '../runtime/runtime.js';
import type { EnvironmentSnapshot } from '../workspace/environment-snapshot.js';
import type { FlowPool } from './pool.js';
import type { ServedChange, ServedTable } from './protocol.js';

/** What the flow workers must know to serve `table`: its versions, their environments, where flows may call. */
export function servedTable(table: RouteTable, environments: EnvironmentSnapshot, ownListeners: OwnListener[], forget: string[]): ServedTable {
  const envs = new Map<string, EnvContext>();
  for (const route of table.routes) envs.set(route.environment, route.env);
  return {
    envs: [...envs.values()],
    outbound: Object.fromEntries(environments.list().map((environment) => [environment.name, environment.outbound])),
    ownListeners,
    live: table.routes.map((route) => ({ apiId: route.apiId, version: route.version })),
    forget,
  };
}

/** What the flow workers must know after one API changed: its routes in `table` now, read without walking the others. */
export function servedChange(table: RouteTable, apiId: string, forget: string[]): ServedChange {
  const routes = table.routesOf(apiId);
  const envs = new Map<string, EnvContext>();
  for (const route of routes) envs.set(route.environment, route.env);
  return { apiId, routes: routes.map((route) => ({ environment: route.environment, version: route.version })), envs: [...envs.values()], forget };
}

/**
 * Keeps the flow workers serving what the runtime serves: a publish, rollback, unpublish or delete
 * sends that API's routes only; an import or an environment change sends the whole table. Returns
 * what sends the whole table now (at start, and once the listeners' ports are known).
 */
export function followRuntime(pool: FlowPool, runtime: Runtime, environments: EnvironmentSnapshot, ownListeners: () => OwnListener[]): (forgotten?: string[]) => void {
  const serveAll = (forgotten: string[] = []): void => pool.serve(servedTable(runtime.table(), environments, ownListeners(), forgotten));
  runtime.onReload((forgotten, change) => (change.kind === 'api' ? pool.change(servedChange(runtime.table(), change.apiId, forgotten)) : serveAll(forgotten)));
  return serveAll;
}
