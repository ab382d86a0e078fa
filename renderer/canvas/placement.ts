import type { XYPosition } from '@xyflow/react';
import type { StepNode } from '../stores/editor-doc.js';

/** Room a new node needs, and how far apart nodes are placed. */
const SLOT_WIDTH_PX = 240;
const SLOT_HEIGHT_PX = 110;
const NEXT_COLUMN_PX = 300;
const MAX_TRIES = 50;

const overlaps = (nodes: readonly StepNode[], at: XYPosition): boolean =>
  nodes.some((node) => Math.abs(node.position.x - at.x) < SLOT_WIDTH_PX && Math.abs(node.position.y - at.y) < SLOT_HEIGHT_PX);

/** Where a clicked palette item lands: right of the selected node, else at `fallback`; moved down until nothing is under it. */
export function placementFor(nodes: readonly StepNode[], fallback: XYPosition): XYPosition {
  const selected = nodes.find((node) => node.selected);
  let at = selected ? { x: selected.position.x + NEXT_COLUMN_PX, y: selected.position.y } : { ...fallback };
  for (let tries = 0; tries < MAX_TRIES && overlaps(nodes, at); tries++) at = { x: at.x, y: at.y + SLOT_HEIGHT_PX };
  return at;
}
