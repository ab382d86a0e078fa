import type { XYPosition } from '@xyflow/react';
import type { StepEdge, StepNode } from '../stores/editor-doc.js';

/** Width assumed for a node not measured yet (the CSS --node-width), and the room kept between a node and the next. */
const NODE_WIDTH_PX = 220;
const COLUMN_GAP_PX = 60;

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

const widthOf = (node: StepNode | undefined): number => node?.measured?.width ?? NODE_WIDTH_PX;

/** The ids of the nodes that run after `nodeId` (its descendants) and itself. */
function downstreamOf(edges: readonly StepEdge[], nodeId: string): Set<string> {
  const seen = new Set([nodeId]);
  const queue = [nodeId];
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const edge of edges) {
      if (edge.source === id && !seen.has(edge.target)) {
        seen.add(edge.target);
        queue.push(edge.target);
      }
    }
  }
  return seen;
}

/**
 * Where things go when a node is inserted into `source → target` near `wanted` (its top-left): between the two, in
 * line with the target, and the target with everything after it moved right as far as needed to make room.
 */
export function roomForInsertion(nodes: readonly StepNode[], edges: readonly StepEdge[], edge: Pick<StepEdge, 'source' | 'target'>, wanted: XYPosition): { at: XYPosition; moved: Map<string, XYPosition> } {
  const source = nodes.find((node) => node.id === edge.source);
  const target = nodes.find((node) => node.id === edge.target);
  const moved = new Map<string, XYPosition>();
  if (!source || !target) return { at: wanted, moved };
  const at = { x: Math.max(wanted.x, source.position.x + widthOf(source) + COLUMN_GAP_PX), y: target.position.y };
  const shortBy = at.x + NODE_WIDTH_PX + COLUMN_GAP_PX - target.position.x;
  if (shortBy > 0) {
    for (const id of downstreamOf(edges, target.id)) {
      const node = nodes.find((candidate) => candidate.id === id);
      if (node) moved.set(id, { x: node.position.x + shortBy, y: node.position.y });
    }
  }
  return { at, moved };
}
