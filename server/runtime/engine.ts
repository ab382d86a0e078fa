import type { Plan, PlanNode } from '../../shared/compile/plan.js';
import { MAX_FLOW_NODES } from '../../shared/model/api.js';
import type { FlowOutcome, FlowScope, TraceStep } from '../../shared/model/runtime.js';
import { nodeDefinition } from '../../shared/nodes/registry.js';
import { prepareConfig } from '../executors/config.js';
import { executorFor } from '../executors/registry.js';
import { NodeFailure, type ExecutorServices, type NodeExecutor, type NodeResult, type RunContext } from '../executors/types.js';
import { bindRunBudget } from './expression-budget.js';

/** Plans are acyclic, so this only trips on a broken plan; it keeps one from spinning forever. */
export const MAX_STEPS = MAX_FLOW_NODES;

/** A plan with every executor built: expressions and schemas compiled once, at publish. */
export type PreparedFlow = {
  readonly plan: Plan;
  readonly executors: readonly NodeExecutor[];
};

/** The run's signal was aborted (deadline passed or client gone): answer 504, or nothing if the client left. */
export class DeadlineExceeded extends Error {
  constructor(readonly nodeKey: string | null) {
    super(nodeKey ? `the flow ran out of time before step "${nodeKey}"` : 'the flow ran out of time');
    this.name = 'DeadlineExceeded';
  }
}

/** A node failed; answered 500 with a request id. `code` is the NodeFailure's, or `node_error` for anything unexpected. */
export class FlowNodeError extends Error {
  constructor(
    readonly nodeId: string,
    readonly key: string,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FlowNodeError';
  }
}

/** Builds every node's executor. Throws FlowNodeError for an unknown type or version, or a config that does not fit. */
export function prepareFlow(plan: Plan, services: ExecutorServices): PreparedFlow {
  return { plan, executors: plan.nodes.map((node) => prepareNode(node, services)) };
}

/** The executor of the node's type and version, given the node's config typed and compiled from its definition. */
export function prepareNode(node: PlanNode, services: ExecutorServices): NodeExecutor {
  const definition = nodeDefinition(node.type);
  if (!definition) throw new FlowNodeError(node.id, node.key, 'unknown_node_type', `this server has no node type "${node.type}"`);
  const factory = executorFor(node.type, node.typeVersion);
  if (!factory) {
    const known = `this server runs versions 1 to ${definition.version}`;
    throw new FlowNodeError(node.id, node.key, 'unknown_type_version', `no executor for version ${node.typeVersion} of node type "${node.type}" (${known})`);
  }
  try {
    return factory(prepareConfig(definition, node.config), services, node);
  } catch (error) {
    throw toFlowNodeError(node, error, 'invalid_config');
  }
}

/**
 * Walks the plan from its start, following each node's port, until a terminal node gives the outcome.
 * Each output lands in `scope.steps[key]`. With `trace`, one TraceStep per executed node is pushed.
 */
export async function runFlow(prepared: PreparedFlow, scope: FlowScope, run: RunContext, trace?: TraceStep[]): Promise<FlowOutcome> {
  return runFlowNow(prepared, scope, run, trace);
}

/**
 * runFlow without the Promise when every step answers at once: a flow of synchronous steps never
 * touches the microtask queue. Throws (or rejects, once a step was asynchronous) as runFlow rejects.
 */
export function runFlowNow(prepared: PreparedFlow, scope: FlowScope, run: RunContext, trace?: TraceStep[]): FlowOutcome | Promise<FlowOutcome> {
  bindRunBudget(scope, run);
  return walk(prepared, scope, run, trace, prepared.plan.start, 0);
}

/** Runs steps from `index` until one waits; the rest of the walk continues when it is done. */
function walk(prepared: PreparedFlow, scope: FlowScope, run: RunContext, trace: TraceStep[] | undefined, index: number, step: number): FlowOutcome | Promise<FlowOutcome> {
  const { nodes } = prepared.plan;
  for (; step < MAX_STEPS; step++) {
    const node = nodes[index];
    const execute = prepared.executors[index];
    if (!node || !execute) throw new Error(`the plan has no node at index ${index}`);
    if (run.expired) throw new DeadlineExceeded(node.key);

    const started = trace ? performance.now() : 0;
    let pending: NodeResult | Promise<NodeResult>;
    try {
      pending = execute(scope, run);
    } catch (error) {
      throw stepFailure(node, error, run, trace, started);
    }
    if (isThenable(pending)) {
      const nextStep = step + 1;
      return pending.then(
        (result) => {
          const next = follow(node, result, scope, trace, started);
          return typeof next === 'number' ? walk(prepared, scope, run, trace, next, nextStep) : next.outcome;
        },
        (error: unknown) => {
          throw stepFailure(node, error, run, trace, started);
        },
      );
    }
    const next = follow(node, pending, scope, trace, started);
    if (typeof next !== 'number') return next.outcome;
    index = next;
  }
  const stuck = nodes[index];
  throw new FlowNodeError(stuck?.id ?? '', stuck?.key ?? '', 'step_budget_exceeded', `the flow ran more than ${MAX_STEPS} steps`);
}

/** Stores a step's output and gives the index of the node its port leads to, or the outcome of a terminal node. */
function follow(node: PlanNode, result: NodeResult, scope: FlowScope, trace: TraceStep[] | undefined, started: number): number | { outcome: FlowOutcome } {
  if ('outcome' in result) {
    trace?.push(traceStep(node, null, result.output ?? result.outcome, started));
    return { outcome: result.outcome };
  }
  scope.steps[node.key] = result.output;
  trace?.push(traceStep(node, result.port, result.output, started));
  const next = node.next[result.port];
  if (next === undefined) {
    throw new FlowNodeError(node.id, node.key, 'unconnected_port', `port "${result.port}" of "${node.key}" leads nowhere`);
  }
  return next;
}

/** A step that threw: out of time when the run expired meanwhile, else a node failure in the trace. */
function stepFailure(node: PlanNode, error: unknown, run: RunContext, trace: TraceStep[] | undefined, started: number): Error {
  if (run.expired) return new DeadlineExceeded(node.key);
  const failure = toFlowNodeError(node, error, 'node_error');
  trace?.push(traceStep(node, null, undefined, started, { code: failure.code, message: failure.message }));
  return failure;
}

function isThenable(value: NodeResult | Promise<NodeResult>): value is Promise<NodeResult> {
  return typeof (value as Partial<PromiseLike<NodeResult>>).then === 'function';
}

function toFlowNodeError(node: PlanNode, error: unknown, fallbackCode: string): FlowNodeError {
  if (error instanceof FlowNodeError) return error;
  if (error instanceof NodeFailure) return new FlowNodeError(node.id, node.key, error.code, error.message, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new FlowNodeError(node.id, node.key, fallbackCode, message, { cause: error });
}

function traceStep(node: PlanNode, port: string | null, output: unknown, started: number, error?: TraceStep['error']): TraceStep {
  const step: TraceStep = { nodeId: node.id, key: node.key, type: node.type, port, output, durationMs: performance.now() - started };
  if (error) step.error = error;
  return step;
}
