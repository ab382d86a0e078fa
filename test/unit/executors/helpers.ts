import type { PlanNode } from '../../../shared/compile/plan.js';
import type { FlowScope, RequestContext } from '../../../shared/model/runtime.js';
import { nodeDefinition } from '../../../shared/nodes/registry.js';
import { prepareNode } from '../../../server/runtime/engine.js';
import type { ExecutorServices, NodeExecutor, NodeResult, RunContext } from '../../../server/executors/types.js';
import { MemoryRecordStore } from './memory-record-store.js';

export type LogEntry = Parameters<ExecutorServices['log']>[0];

/** Services backed by memory; `logged` collects what log nodes write. */
export function testServices(overrides: Partial<ExecutorServices> = {}): ExecutorServices & { logged: LogEntry[] } {
  const logged: LogEntry[] = [];
  return { records: new MemoryRecordStore(), fetch, log: (entry) => void logged.push(entry), logged, ...overrides };
}

export function scopeOf(request: Partial<RequestContext> = {}, steps: Record<string, unknown> = {}): FlowScope {
  return {
    request: { method: 'GET', path: '/', params: {}, query: {}, headers: {}, body: undefined, ip: '127.0.0.1', ...request },
    token: null,
    env: { name: 'dev', vars: {} },
    steps,
  };
}

export function runContext(signal: AbortSignal = new AbortController().signal): RunContext {
  return {
    requestId: 'req_test',
    signal,
    get expired() {
      return signal.aborted;
    },
  };
}

/** A plan node at its type's current version; the engine fills the defaults, as it does for compiled plans. */
export function planNode(type: string, config: Record<string, unknown> = {}, key = 'node'): PlanNode {
  const definition = nodeDefinition(type);
  if (!definition) throw new Error(`unknown node type ${type}`);
  return { id: `id_${key}`, key, type, typeVersion: definition.version, config, next: {} };
}

export function buildNode(type: string, config: Record<string, unknown>, services: ExecutorServices = testServices()): NodeExecutor {
  return prepareNode(planNode(type, config), services);
}

/** Builds a node's executor and runs it once. */
export async function runNode(
  type: string,
  config: Record<string, unknown>,
  scope: FlowScope = scopeOf(),
  services: ExecutorServices = testServices(),
  run: RunContext = runContext(),
): Promise<NodeResult> {
  return buildNode(type, config, services)(scope, run);
}
