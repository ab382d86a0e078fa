import type { StepEdge } from '../stores/editor-doc.js';

/** Where a node dropped on an edge goes: between the edge's ends, entered as before and left by its first port. */
export type Insertion = { edgeId: string; nodeId: string; firstPort: string; newEdgeId: string };

/**
 * The edges after splicing a node into one: `source —port→ target` becomes
 * `source —port→ node —firstPort→ target`. Null when the edge is gone.
 */
export function spliceEdge(edges: readonly StepEdge[], insertion: Insertion): StepEdge[] | null {
  const edge = edges.find((candidate) => candidate.id === insertion.edgeId);
  if (!edge) return null;
  const into: StepEdge = { ...edge, target: insertion.nodeId, targetHandle: null, selected: false };
  const out: StepEdge = { id: insertion.newEdgeId, type: 'step', source: insertion.nodeId, sourceHandle: insertion.firstPort, target: edge.target, targetHandle: edge.targetHandle ?? null };
  return edges.flatMap((candidate) => (candidate.id === edge.id ? [into, out] : [candidate]));
}

/** Why a node type cannot be spliced into an edge, or null: it needs an input and an output. */
export function insertionRefusal(label: string, ports: readonly string[], hasInput: boolean): string | null {
  if (!hasInput) return `${label} starts the flow, so it cannot go between two steps.`;
  if (ports.length === 0) return `${label} ends the flow, so it cannot go between two steps: drop it on empty canvas and connect it to an output.`;
  return null;
}
