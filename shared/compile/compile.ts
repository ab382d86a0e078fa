import { BODY_METHODS, pathParamNames, typeVersionOf, type ApiDefinition } from '../model/api.js';
import { checkNodeConfig } from './config.js';
import { buildGraph, type FlowGraph } from './graph.js';
import type { CompileProblem, CompileResult, Plan } from './plan.js';
import { error, hasErrors, warning } from './problems.js';
import type { ExpressionScope } from './check-expression.js';
import { schemaProblem } from './schemas.js';
import { flowShapes } from './shapes.js';
import { traverse } from './traverse.js';

/**
 * `published`: the definition was published already (the runtime loading a stored version). Checks added
 * since it was published (unknown functions, wrong arity, unknown steps) then warn instead of refusing it,
 * so a workspace keeps serving what it served; publishing anew still refuses them.
 */
export type CompileOptions = { published?: boolean };

/**
 * Checks an App API and turns its flow into a plan: nodes in topological order from Request, each
 * port mapped to the index of the node it leads to. Any error leaves no plan; warnings come with one.
 */
export function compileApi(definition: ApiDefinition, options: CompileOptions = {}): CompileResult {
  const { graph, problems } = buildGraph(definition.flow);
  const { order, problems: orderProblems } = traverse(graph);
  problems.push(...orderProblems, ...endpointProblems(definition, graph));
  const scope: ExpressionScope = {
    path: definition.path,
    pathParams: pathParamNames(definition.path),
    stepKeys: new Set(definition.flow.nodes.map((node) => node.key)),
    shapes: flowShapes(definition),
    published: options.published ?? false,
  };
  const configs = new Map<string, Record<string, unknown>>();
  for (const [id, node] of graph.nodes) {
    const nodeDefinition = graph.definitions.get(id);
    if (!nodeDefinition) continue;
    const checked = checkNodeConfig(node, nodeDefinition, scope);
    configs.set(id, checked.config);
    problems.push(...checked.problems);
  }
  if (hasErrors(problems)) return { ok: false, problems };
  return { ok: true, plan: buildPlan(graph, order, configs), problems };
}

/** Problems of the endpoint's own settings, shown on the Request node. */
function endpointProblems(definition: ApiDefinition, graph: FlowGraph): CompileProblem[] {
  if (definition.bodySchema === null) return [];
  const at = { field: 'bodySchema', ...(graph.request ? { nodeId: graph.request.id } : {}) };
  const problem = schemaProblem(definition.bodySchema);
  if (problem) return [error('invalid_schema', `The body schema is not a valid JSON Schema: ${problem}`, at)];
  if (!BODY_METHODS.has(definition.method)) {
    return [warning('body_schema_ignored', `The body schema is never used: ${definition.method} requests have no body; remove it or change the method`, at)];
  }
  return [];
}

/** Only called without errors: every node is reached, every port is connected, and the graph has no loop. */
function buildPlan(graph: FlowGraph, order: readonly string[], configs: ReadonlyMap<string, Record<string, unknown>>): Plan {
  const indexes = new Map(order.map((id, index) => [id, index]));
  const nodes = order.map((id) => {
    const node = graph.nodes.get(id);
    if (!node) throw new Error(`The plan lost node "${id}"`);
    const next: Record<string, number> = {};
    for (const [port, edge] of graph.next.get(id) ?? []) {
      const target = indexes.get(edge.target);
      if (target === undefined) throw new Error(`The plan lost node "${edge.target}"`);
      next[port] = target;
    }
    return { id, key: node.key, type: node.type, typeVersion: typeVersionOf(node), config: configs.get(id) ?? {}, next };
  });
  return { start: 0, nodes };
}
