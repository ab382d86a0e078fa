import { useReactFlow, useStore, type ReactFlowState, type Viewport } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { StepEdge, StepNode } from '../stores/editor-doc.js';
import { useEditor } from '../stores/editor.js';
import { fittedViewport, keepCentre, showsAll, type Insets, type Size } from './fit.js';

/** The minimap's size on screen, and the room it takes in the canvas's bottom-right corner. */
export const MINIMAP_SIZE = { width: 150, height: 100 };
const FLOATING_MARGIN_PX = 15;
const CLEARANCE_PX = 12;
/** Free room around a fitted flow: the toolbar on top, the minimap below when the flow needs one. */
const INSETS: Insets = { top: 30 + FLOATING_MARGIN_PX + CLEARANCE_PX, right: 24, bottom: 24, left: 24 };
const INSETS_WITH_MINIMAP: Insets = { ...INSETS, bottom: MINIMAP_SIZE.height + FLOATING_MARGIN_PX + CLEARANCE_PX };
const FIT_ANIMATION_MS = 300;

export type AutoFit = {
  /** Whether the first fit of the open API happened (until then the canvas stays hidden, so it does not jump). */
  ready: boolean;
  /** Whether part of the flow lies outside the view, so the minimap has something to show. */
  overflowing: boolean;
  fit: (animate?: boolean) => void;
  /** The user moved the view: keep it on resize instead of refitting. */
  markMoved: () => void;
  onMoveStart: (event: MouseEvent | TouchEvent | null) => void;
  onMoveEnd: () => void;
};

const sizeOf = (element: HTMLElement): Size => ({ width: element.clientWidth, height: element.clientHeight });

/**
 * The canvas's view: fitted to the flow when an API opens, refitted when the canvas changes size (side panel
 * folded, bottom panel opened, window resized) unless the user has panned or zoomed since, in which case what
 * was in the middle stays there.
 */
export function useAutoFit(wrapper: RefObject<HTMLDivElement | null>, apiId: string | null): AutoFit {
  const flow = useReactFlow<StepNode, StepEdge>();
  const [fittedApi, setFittedApi] = useState<string | null>(null);
  const [overflowing, setOverflowing] = useState(false);
  const fitted = useRef(false);
  const lastSize = useRef<Size | null>(null);
  const ready = fittedApi === apiId;
  // Measured nodes of this API: node ids repeat across APIs, so the canvas's entry must hold this very node.
  const measured = useStore(
    useCallback(
      (state: ReactFlowState) =>
        ready ||
        (apiId !== null &&
          useEditor.getState().nodes.every((node) => {
            const known = state.nodeLookup.get(node.id);
            return known?.internals.userNode === node && known.measured.width !== undefined;
          })),
      [apiId, ready],
    ),
  );

  const checkOverflow = useCallback(
    (viewport: Viewport = flow.getViewport()) => {
      const element = wrapper.current;
      const nodes = flow.getNodes();
      if (!element || nodes.length === 0) return setOverflowing(false);
      setOverflowing(!showsAll(flow.getNodesBounds(nodes), viewport, sizeOf(element)));
    },
    [flow, wrapper],
  );

  const fit = useCallback(
    (animate = false) => {
      const element = wrapper.current;
      const nodes = flow.getNodes();
      if (!element || nodes.length === 0) return;
      const canvas = sizeOf(element);
      const bounds = flow.getNodesBounds(nodes);
      const request = nodes.find((node) => node.data.type === 'request');
      const anchor = request ? { x: request.position.x, y: request.position.y + (request.measured?.height ?? 0) / 2 } : undefined;
      let viewport = fittedViewport(bounds, canvas, INSETS, anchor);
      // Too big to show whole: the minimap will show, so keep its corner clear.
      if (!showsAll(bounds, viewport, canvas)) viewport = fittedViewport(bounds, canvas, INSETS_WITH_MINIMAP, anchor);
      void flow.setViewport(viewport, animate ? { duration: FIT_ANIMATION_MS } : undefined);
      fitted.current = true;
      lastSize.current = canvas;
      checkOverflow(viewport);
    },
    [checkOverflow, flow, wrapper],
  );

  useEffect(() => {
    if (!apiId || ready || !measured) return;
    fit();
    setFittedApi(apiId);
  }, [apiId, fit, measured, ready]);

  useEffect(() => {
    const element = wrapper.current;
    if (!element) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const size = sizeOf(element);
        const before = lastSize.current;
        lastSize.current = size;
        if (!before || (before.width === size.width && before.height === size.height) || size.width === 0 || size.height === 0) return;
        if (fitted.current) return fit();
        const viewport = keepCentre(flow.getViewport(), before, size);
        void flow.setViewport(viewport);
        checkOverflow(viewport);
      });
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [checkOverflow, fit, flow, wrapper]);

  // The flow's extent changes as nodes are added, moved or removed.
  const nodes = useEditor((state) => state.nodes);
  useEffect(() => {
    if (ready) checkOverflow();
  }, [checkOverflow, nodes, ready]);

  const markMoved = useCallback(() => void (fitted.current = false), []);
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null) => {
    if (event) fitted.current = false;
  }, []);
  const onMoveEnd = useCallback(() => checkOverflow(), [checkOverflow]);
  return { ready, overflowing, fit, markMoved, onMoveStart, onMoveEnd };
}
