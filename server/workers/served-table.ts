import type { EnvContext } from '../../shared/model/runtime.js';
import type { OwnListener } from '../net/outbound.js';
import type { RouteTable } from '../runtime/route-table.js';
import type { EnvironmentRepository } from '../workspace/environments.js';
import type { ServedTable } from './protocol.js';

/** What the flow workers must know to serve `table`: its versions, their environments, where flows may call. */
export function servedTable(table: RouteTable, environments: EnvironmentRepository, ownListeners: OwnListener[], forget: string[]): ServedTable {
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
