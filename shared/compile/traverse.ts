import type { FlowGraph, Link } from './graph.js';
import type { CompileProblem } from './plan.js';
import { error, nodeName } from './problems.js';

/** A loop's path in a message lists at most this many nodes. */
const MAX_LOOP_NAMES = 8;

type Frame = { id: string; links: readonly Link[]; index: number };

/**
 * One depth-first walk over every link: it finds loops (a link back to a node still being walked),
 * the nodes the Request node reaches, and their order. Iterative, so a long chain cannot overflow the stack.
 * Returns the reached node ids in topological order, Request first, each node's first port's branch before its second.
 */
export function traverse(graph: FlowGraph): { order: string[]; problems: CompileProblem[] } {
  const problems: CompileProblem[] = [];
  const finished = new Set<string>();
  const active = new Set<string>();
  const postorder: string[] = [];
  const start = graph.request?.id;
  let reached = 0;
  for (const root of start === undefined ? graph.nodes.keys() : [start, ...graph.nodes.keys()]) {
    if (finished.has(root)) continue;
    const stack: Frame[] = [enter(root, graph, active)];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      // Links are in port order; taking them last-first leaves the first port's branch first once reversed.
      const link = frame.links[frame.links.length - 1 - frame.index];
      frame.index += 1;
      if (!link) {
        stack.pop();
        active.delete(frame.id);
        finished.add(frame.id);
        postorder.push(frame.id);
      } else if (active.has(link.target)) {
        problems.push(loopProblem(link, stack, graph));
      } else if (!finished.has(link.target)) {
        stack.push(enter(link.target, graph, active));
      }
    }
    if (root === start) reached = postorder.length;
  }
  const order = postorder.slice(0, reached).reverse();
  if (start !== undefined) {
    const reachable = new Set(order);
    for (const [id, node] of graph.nodes) {
      if (reachable.has(id)) continue;
      problems.push(error('unreachable', `${nodeName(node)} cannot be reached from the Request node, so it would never run; connect it or delete it`, { nodeId: id }));
    }
  }
  return { order, problems };
}

function enter(id: string, graph: FlowGraph, active: Set<string>): Frame {
  active.add(id);
  return { id, links: graph.links.get(id) ?? [], index: 0 };
}

function loopProblem(link: Link, stack: readonly Frame[], graph: FlowGraph): CompileProblem {
  const from = stack.findIndex((frame) => frame.id === link.target);
  const ids = stack.slice(from).map((frame) => frame.id);
  const names = ids.map((id) => graph.nodes.get(id)?.key || id);
  const shown = names.length > MAX_LOOP_NAMES ? [...names.slice(0, MAX_LOOP_NAMES - 1), '…'] : names;
  const source = graph.nodes.get(link.edge.source);
  const about = source ? nodeName(source) : `Node "${link.edge.source}"`;
  const port = link.edge.sourceHandle;
  return error(
    'cycle',
    `${about}: edge "${link.edge.id}" from port "${port}" leads back to "${names[0] ?? link.target}" and closes a loop (${[...shown, shown[0]].join(' → ')}); flows cannot loop, so reconnect or delete the edge`,
    { nodeId: link.edge.source, edgeId: link.edge.id, port },
  );
}
