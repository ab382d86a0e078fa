import type { StepEdge, StepNode } from '../stores/editor-doc.js';
import { wouldCycle } from './graph.js';

export type Wire = { source: string; sourceHandle?: string | null; target: string };

const portOf = (handle: string | null | undefined): string => handle ?? 'out';
const keyOf = (nodes: readonly StepNode[], id: string): string => nodes.find((node) => node.id === id)?.data.key || id;

/** The edge that already leaves this output port, if any (one port leads to one node: the flow takes one path). */
export function edgeFromPort(edges: readonly StepEdge[], source: string, port: string | null | undefined, ignoreEdgeId?: string): StepEdge | undefined {
  return edges.find((edge) => edge.id !== ignoreEdgeId && edge.source === source && portOf(edge.sourceHandle) === portOf(port));
}

/** Why a used output takes no second connection, and what to do instead. */
export function portTakenMessage(nodes: readonly StepNode[], taken: StepEdge): string {
  return `“${portOf(taken.sourceHandle)}” of ${keyOf(nodes, taken.source)} already leads to ${keyOf(nodes, taken.target)}: an output leads to one step. Drag that connection’s end to move it, or delete it first.`;
}

/**
 * Why a new connection is not made, in words for the builder, or null when it may be.
 * `ignoreEdgeId` is the edge being moved, which does not count as occupying its own port.
 */
export function connectionRefusal(nodes: readonly StepNode[], edges: readonly StepEdge[], wire: Wire, ignoreEdgeId?: string): string | null {
  if (wire.source === wire.target) return 'A step cannot lead to itself.';
  const others = ignoreEdgeId ? edges.filter((edge) => edge.id !== ignoreEdgeId) : edges;
  const taken = edgeFromPort(others, wire.source, wire.sourceHandle);
  if (taken && taken.target !== wire.target) return portTakenMessage(nodes, taken);
  if (wouldCycle(others, wire.source, wire.target)) return `That would make a loop: ${keyOf(nodes, wire.target)} already runs before ${keyOf(nodes, wire.source)}.`;
  return null;
}
