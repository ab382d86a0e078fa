import type { Rect, Viewport, XYPosition } from '@xyflow/react';

/** Below this zoom node text gets too small to read: auto-fit stops here and leaves the rest to panning. */
export const FIT_MIN_ZOOM = 0.6;
/** Auto-fit never blows a small flow up past this. */
export const FIT_MAX_ZOOM = 1.2;

export type Size = { width: number; height: number };
/** Room kept free at each side of the canvas, in screen pixels (the toolbar on top, the minimap below). */
export type Insets = { top: number; right: number; bottom: number; left: number };

const clamp = (value: number, low: number, high: number): number => Math.min(Math.max(value, low), high);

/**
 * The viewport that shows `bounds` inside the canvas minus its insets, zoomed between FIT_MIN_ZOOM and
 * FIT_MAX_ZOOM. A flow too big for that is shown from its start (left edge, around `anchor`, usually the
 * Request node), since flows read from left to right.
 */
export function fittedViewport(bounds: Rect, canvas: Size, insets: Insets, anchor?: XYPosition): Viewport {
  const width = Math.max(canvas.width - insets.left - insets.right, 1);
  const height = Math.max(canvas.height - insets.top - insets.bottom, 1);
  const zoom = clamp(Math.min(width / Math.max(bounds.width, 1), height / Math.max(bounds.height, 1)), FIT_MIN_ZOOM, FIT_MAX_ZOOM);
  return { x: axisOffset(bounds.x, bounds.width, insets.left, width, zoom, undefined), y: axisOffset(bounds.y, bounds.height, insets.top, height, zoom, anchor?.y), zoom };
}

/** Centres the flow on one axis when it fits; otherwise shows its start (or the anchor) without empty space before it. */
function axisOffset(start: number, length: number, inset: number, room: number, zoom: number, anchor: number | undefined): number {
  if (length * zoom <= room) return inset + (room - length * zoom) / 2 - start * zoom;
  const showStart = inset - start * zoom;
  if (anchor === undefined) return showStart;
  const showEnd = inset + room - (start + length) * zoom;
  return clamp(inset + room / 2 - anchor * zoom, showEnd, showStart);
}

/** The viewport after the canvas changed size, keeping at its centre what was at its centre. */
export function keepCentre(viewport: Viewport, before: Size, after: Size): Viewport {
  return { x: viewport.x + (after.width - before.width) / 2, y: viewport.y + (after.height - before.height) / 2, zoom: viewport.zoom };
}

/** Whether all of `bounds` lies in the part of the canvas the viewport shows. */
export function showsAll(bounds: Rect, viewport: Viewport, canvas: Size): boolean {
  const left = bounds.x * viewport.zoom + viewport.x;
  const top = bounds.y * viewport.zoom + viewport.y;
  return left >= 0 && top >= 0 && left + bounds.width * viewport.zoom <= canvas.width && top + bounds.height * viewport.zoom <= canvas.height;
}
