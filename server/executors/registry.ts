import type { NodeType, NodeVersion } from '../../shared/nodes/registry.js';
import { conditionExecutor } from './condition.js';
import { failExecutor } from './fail.js';
import { httpRequestExecutor } from './http-request.js';
import { logExecutor } from './log.js';
import { recordDeleteExecutor } from './record-delete.js';
import { recordGetExecutor } from './record-get.js';
import { recordInsertExecutor } from './record-insert.js';
import { recordQueryExecutor, recordQueryPageExecutor } from './record-query.js';
import { recordUpdateExecutor } from './record-update.js';
import { redirectExecutor } from './redirect.js';
import { requestExecutor } from './request.js';
import { respondExecutor } from './respond.js';
import { setExecutor } from './set.js';
import { transformExecutor } from './transform.js';
import type { ExecutorFactory, ExecutorServices, NodeExecutor, NodeIdentity } from './types.js';
import { validateExecutor } from './validate.js';

/** For each node type of the catalog, an executor for every version from 1 to the definition's current one. */
export type ExecutorRegistry = { readonly [T in NodeType]: { readonly [V in NodeVersion<T>]: ExecutorFactory<T> } };

/** A node type or version without an executor here is a type error, so the server cannot ship without it. */
export const EXECUTORS = {
  request: { 1: requestExecutor },
  transform: { 1: transformExecutor },
  set: { 1: setExecutor },
  condition: { 1: conditionExecutor, 2: conditionExecutor },
  validate: { 1: validateExecutor },
  log: { 1: logExecutor },
  'record.insert': { 1: recordInsertExecutor },
  'record.get': { 1: recordGetExecutor },
  'record.query': { 1: recordQueryExecutor, 2: recordQueryPageExecutor },
  'record.update': { 1: recordUpdateExecutor },
  'record.delete': { 1: recordDeleteExecutor },
  'http.request': { 1: httpRequestExecutor },
  respond: { 1: respondExecutor },
  redirect: { 1: redirectExecutor },
  fail: { 1: failExecutor },
} as const satisfies ExecutorRegistry;

/** An executor factory whose config is the one prepareConfig built from the same type's definition. */
export type AnyExecutorFactory = (config: Record<string, unknown>, services: ExecutorServices, node: NodeIdentity) => NodeExecutor;

/** The executor of one version of a node type, or undefined when this server does not have it. */
export function executorFor(type: string, version: number): AnyExecutorFactory | undefined {
  const registry = EXECUTORS as Readonly<Record<string, Readonly<Record<number, unknown>> | undefined>>;
  const versions = Object.hasOwn(registry, type) ? registry[type] : undefined;
  if (!versions || !Object.hasOwn(versions, version)) return undefined;
  // The registry's type pairs each type with ExecutorFactory<type>; prepareConfig builds that type's config.
  return versions[version] as AnyExecutorFactory;
}
