import type { XYPosition } from '@xyflow/react';
import type { StepNode } from '../stores/editor-doc.js';

/** Room a new node needs, and how far apart nodes are placed. */
const SLOT_WIDTH_PX = 240;
const SLOT_HEIGHT_PX = 110;
const NEXT_COLUMN_PX = 300;
const MAX_TRIES = 50;

const overlaps = (nodes: readonly StepNode[], at: XYPosition): boolean =>
  nodes.some((node) => Math.abs(node.position.x - at.x) < SLOT_WIDTH_PX && Math.abs(node.position.y - at.y) < SLOT_HEIGHT_PX);

export type FlowRect = { x: number; y: number; width: number; height: number };

const inside = (view: FlowRect, at: XYPosition): boolean =>
  at.x >= view.x && at.y >= view.y && at.x + SLOT_WIDTH_PX <= view.x + view.width && at.y + SLOT_HEIGHT_PX <= view.y + view.height;

/** Where a clicked palette item lands: right of the selected node when that is in view, else the view's centre; moved down until free. */
export function placementFor(nodes: readonly StepNode[], view: FlowRect): XYPosition {
  const selected = nodes.find((node) => node.selected);
  const centre = { x: view.x + view.width / 2 - SLOT_WIDTH_PX / 2, y: view.y + view.height / 2 - SLOT_HEIGHT_PX / 2 };
  const besideSelected = selected ? { x: selected.position.x + NEXT_COLUMN_PX, y: selected.position.y } : null;
  let at = besideSelected && inside(view, besideSelected) ? besideSelected : centre;
  for (let tries = 0; tries < MAX_TRIES && overlaps(nodes, at); tries++) at = { x: at.x, y: at.y + SLOT_HEIGHT_PX };
  return at;
}
