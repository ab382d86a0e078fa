import type { XYPosition } from '@xyflow/react';
import { newId, REQUEST_TYPE, uniqueKey, type StepEdge, type StepNode } from './editor-doc.js';

/** Where pasted copies land relative to their originals, per paste. */
const PASTE_OFFSET_PX = 40;

type Clip = { nodes: StepNode[]; edges: StepEdge[]; pastes: number };
let clip: Clip | null = null;

/** Keeps the selected nodes (never Request) and the edges between them. */
export function copyNodes(nodes: readonly StepNode[], edges: readonly StepEdge[]): number {
  const picked = nodes.filter((node) => node.selected && node.data.type !== REQUEST_TYPE);
  if (picked.length === 0) return 0;
  const ids = new Set(picked.map((node) => node.id));
  clip = { nodes: picked, edges: edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)), pastes: 0 };
  return picked.length;
}

export const hasClip = (): boolean => clip !== null;

/** Fresh copies of the clipboard with new ids, keys unique among `takenKeys`, selected, offset a step further each paste. */
export function pasteCopies(takenKeys: ReadonlySet<string>, at?: XYPosition): { nodes: StepNode[]; edges: StepEdge[] } | null {
  if (!clip) return null;
  clip.pastes += 1;
  const keys = new Set(takenKeys);
  const ids = new Map<string, string>();
  const minX = Math.min(...clip.nodes.map((node) => node.position.x));
  const minY = Math.min(...clip.nodes.map((node) => node.position.y));
  const shift = at ? { x: at.x - minX, y: at.y - minY } : { x: PASTE_OFFSET_PX * clip.pastes, y: PASTE_OFFSET_PX * clip.pastes };
  const nodes = clip.nodes.map((node): StepNode => {
    const id = newId('n');
    ids.set(node.id, id);
    const key = uniqueKey(node.data.key, keys);
    keys.add(key);
    return {
      id,
      type: 'step',
      position: { x: node.position.x + shift.x, y: node.position.y + shift.y },
      data: { ...node.data, key, config: structuredClone(node.data.config) },
      selected: true,
    };
  });
  const edges = clip.edges.map((edge): StepEdge => ({
    ...edge,
    id: newId('e'),
    source: ids.get(edge.source)!,
    target: ids.get(edge.target)!,
    selected: false,
  }));
  return { nodes, edges };
}
