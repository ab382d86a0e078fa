import type { XYPosition } from '@xyflow/react';
import type { StepNode } from '../stores/editor-doc.js';

/** Room a new node needs, and how far apart nodes are placed. */
const SLOT_WIDTH_PX = 240;
const SLOT_HEIGHT_PX = 110;
const NEXT_COLUMN_PX = 300;
/** How many slots around the anchor are tried in each direction. */
const SEARCH_RINGS = 6;
/** Share of the view kept clear at the top (the canvas toolbar) and at the other sides. */
const TOP_MARGIN_SHARE = 0.1;
const SIDE_MARGIN_SHARE = 0.04;
/** Spots left of the anchor count as this much farther: flows grow to the right. */
const LEFTWARD_PENALTY = 1.5;

export type FlowRect = { x: number; y: number; width: number; height: number };

const overlaps = (nodes: readonly StepNode[], at: XYPosition): boolean =>
  nodes.some((node) => Math.abs(node.position.x - at.x) < SLOT_WIDTH_PX && Math.abs(node.position.y - at.y) < SLOT_HEIGHT_PX);

/** The part of the view a new node may take: inside it, clear of the toolbar, never off-screen. */
function usableArea(view: FlowRect): FlowRect {
  const left = view.x + view.width * SIDE_MARGIN_SHARE;
  const top = view.y + view.height * TOP_MARGIN_SHARE;
  return { x: left, y: top, width: Math.max(view.x + view.width * (1 - SIDE_MARGIN_SHARE) - SLOT_WIDTH_PX - left, 0), height: Math.max(view.y + view.height * (1 - SIDE_MARGIN_SHARE) - SLOT_HEIGHT_PX - top, 0) };
}

/** The nearest point of the area (for a node's top-left corner) to `at`. */
const clampInto = (area: FlowRect, at: XYPosition): XYPosition => ({
  x: Math.min(Math.max(at.x, area.x), area.x + area.width),
  y: Math.min(Math.max(at.y, area.y), area.y + area.height),
});

/**
 * Where a clicked palette item lands: beside the selected node (right of it, else near it), or at the view's
 * centre without a selection; the nearest free spot to that, always inside the visible view.
 */
export function placementFor(nodes: readonly StepNode[], view: FlowRect): XYPosition {
  const area = usableArea(view);
  const selected = nodes.find((node) => node.selected);
  const wanted = selected ? { x: selected.position.x + NEXT_COLUMN_PX, y: selected.position.y } : { x: view.x + view.width / 2 - SLOT_WIDTH_PX / 2, y: view.y + view.height / 2 - SLOT_HEIGHT_PX / 2 };
  const anchor = clampInto(area, wanted);
  const distance = (at: XYPosition): number => Math.hypot((at.x - anchor.x) * (at.x < anchor.x ? LEFTWARD_PENALTY : 1), at.y - anchor.y);

  let best: XYPosition | null = null;
  for (let column = -SEARCH_RINGS; column <= SEARCH_RINGS; column++) {
    for (let row = -SEARCH_RINGS; row <= SEARCH_RINGS; row++) {
      const at = clampInto(area, { x: anchor.x + column * NEXT_COLUMN_PX, y: anchor.y + row * SLOT_HEIGHT_PX });
      if (overlaps(nodes, at)) continue;
      if (!best || distance(at) < distance(best)) best = at;
    }
  }
  // A view crowded everywhere still gets the node in sight: on the anchor, above whatever is there.
  return best ?? anchor;
}
