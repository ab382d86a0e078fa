import { describe, expect, it } from 'vitest';
import { FIT_MAX_ZOOM, FIT_MIN_ZOOM, fittedViewport, keepCentre, showsAll } from '../../../renderer/canvas/fit.js';
import { placementFor } from '../../../renderer/canvas/placement.js';
import type { StepNode } from '../../../renderer/stores/editor-doc.js';

const INSETS = { top: 57, right: 24, bottom: 24, left: 24 };
const node = (id: string, x: number, y: number, selected = false): StepNode =>
  ({ id, type: 'step', position: { x, y }, selected, data: { type: 'log', key: id, config: {} } }) as unknown as StepNode;
const SLOT = { width: 240, height: 110 };

describe('auto-fit', () => {
  it('centres a flow that fits, never zooming a small one past the maximum', () => {
    const viewport = fittedViewport({ x: 0, y: 0, width: 220, height: 80 }, { width: 1000, height: 600 }, INSETS);
    expect(viewport.zoom).toBe(FIT_MAX_ZOOM);
    const left = viewport.x;
    const right = 1000 - (viewport.x + 220 * viewport.zoom);
    expect(left - INSETS.left).toBeCloseTo(right - INSETS.right, 6);
  });

  it('stops at a readable zoom for a wide flow and shows its start, around the anchor', () => {
    const bounds = { x: 0, y: -800, width: 4000, height: 2000 };
    const canvas = { width: 570, height: 700 };
    const viewport = fittedViewport(bounds, canvas, INSETS, { x: 0, y: 40 });
    expect(viewport.zoom).toBe(FIT_MIN_ZOOM);
    expect(viewport.x).toBe(INSETS.left);
    // The anchor (the Request node) sits in the middle of the free height.
    expect(40 * viewport.zoom + viewport.y).toBeCloseTo(INSETS.top + (canvas.height - INSETS.top - INSETS.bottom) / 2, 6);
    expect(showsAll(bounds, viewport, canvas)).toBe(false);
  });

  it('keeps the flow’s start in view when the anchor sits near its top', () => {
    const bounds = { x: 0, y: 0, width: 4000, height: 3000 };
    const viewport = fittedViewport(bounds, { width: 600, height: 400 }, INSETS, { x: 0, y: 10 });
    expect(viewport.y).toBe(INSETS.top);
  });

  it('keeps what was in the middle in the middle when the canvas shrinks', () => {
    expect(keepCentre({ x: 100, y: 50, zoom: 0.8 }, { width: 900, height: 700 }, { width: 600, height: 500 })).toEqual({ x: -50, y: -50, zoom: 0.8 });
  });

  it('tells whether everything is in view', () => {
    expect(showsAll({ x: 0, y: 0, width: 100, height: 100 }, { x: 10, y: 10, zoom: 1 }, { width: 200, height: 200 })).toBe(true);
    expect(showsAll({ x: 0, y: 0, width: 100, height: 100 }, { x: 150, y: 10, zoom: 1 }, { width: 200, height: 200 })).toBe(false);
  });
});

describe('click-to-add placement', () => {
  const view = { x: 0, y: 0, width: 1200, height: 800 };
  const inView = (at: { x: number; y: number }, rect = view): boolean =>
    at.x >= rect.x && at.y >= rect.y && at.x + SLOT.width <= rect.x + rect.width && at.y + SLOT.height <= rect.y + rect.height;

  it('puts the node right of the selected one', () => {
    expect(placementFor([node('a', 100, 300, true)], view)).toEqual({ x: 400, y: 300 });
  });

  it('goes near the selection, still in view, when the spot to its right is taken', () => {
    const at = placementFor([node('a', 100, 300, true), node('b', 400, 300)], view);
    expect(inView(at)).toBe(true);
    expect(Math.hypot(at.x - 400, at.y - 300)).toBeLessThan(300);
  });

  it('stays in view when the selected node sits at the right edge of the view', () => {
    const at = placementFor([node('a', 1100, 300, true)], view);
    expect(inView(at)).toBe(true);
  });

  it('never goes below the view however crowded the column is', () => {
    const column = Array.from({ length: 40 }, (_, index) => node(`n${index}`, 480, index * 110 - 2000));
    const at = placementFor(column, view);
    expect(inView(at)).toBe(true);
  });

  it('lands in view even when every slot is taken', () => {
    const crowd: StepNode[] = [];
    for (let x = -2000; x < 3000; x += 200) for (let y = -2000; y < 3000; y += 100) crowd.push(node(`${x}:${y}`, x, y));
    expect(inView(placementFor(crowd, view))).toBe(true);
  });

  it('uses the middle of a view far from the flow, without a selection', () => {
    const far = { x: 5000, y: 5000, width: 1000, height: 700 };
    const at = placementFor([node('a', 0, 0)], far);
    expect(inView(at, far)).toBe(true);
    expect(Math.abs(at.x + SLOT.width / 2 - (far.x + far.width / 2))).toBeLessThan(1);
  });
});
