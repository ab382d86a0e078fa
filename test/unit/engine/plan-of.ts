import type { Plan } from '../../../shared/compile/plan.js';
import { nodeDefinition } from '../../../shared/nodes/registry.js';
import { withDefaults } from '../../../shared/nodes/types.js';

export type TestNode = { key: string; type: string; typeVersion?: number; config?: Record<string, unknown> };
/** [from key, port, to key] */
export type TestEdge = [string, string, string];

/** Builds a Plan by hand, as the compiler would, so engine tests do not depend on it. Node ids are `id_<key>`. */
export function planOf(nodes: TestNode[], edges: TestEdge[]): Plan {
  const indexOf = new Map(nodes.map((node, index) => [node.key, index]));
  const planNodes = nodes.map((node) => {
    const definition = nodeDefinition(node.type);
    if (!definition) throw new Error(`unknown node type ${node.type}`);
    const config = withDefaults(definition, node.config ?? {});
    return { id: `id_${node.key}`, key: node.key, type: node.type, typeVersion: node.typeVersion ?? definition.version, config, next: {} as Record<string, number> };
  });
  for (const [from, port, to] of edges) {
    const source = planNodes[indexOf.get(from) ?? -1];
    const target = indexOf.get(to);
    if (!source || target === undefined) throw new Error(`bad edge ${from} -${port}-> ${to}`);
    source.next[port] = target;
  }
  const start = nodes.findIndex((node) => node.type === 'request');
  if (start < 0) throw new Error('a plan needs a request node');
  return { start, nodes: planNodes };
}
