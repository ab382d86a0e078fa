import { create } from 'zustand';

/** How long a refusal hint stays on the canvas. */
const HINT_MS = 6000;

/** A short message at a point of the canvas (pixels from its top-left corner). */
export type CanvasHint = { id: number; message: string; x: number; y: number };

type CanvasFeedback = {
  hint: CanvasHint | null;
  /** The edge a palette item is being dragged over: dropping there inserts the node into it. */
  dropEdgeId: string | null;
  showHint: (message: string, at: { x: number; y: number }) => void;
  clearHint: () => void;
  setDropEdge: (edgeId: string | null) => void;
};

let nextHint = 1;
let hintTimer: ReturnType<typeof setTimeout> | undefined;

/** What the canvas tells the builder while they work: why a connection was refused, where a drop will land. */
export const useCanvasFeedback = create<CanvasFeedback>()((set, get) => ({
  hint: null,
  dropEdgeId: null,
  showHint: (message, at) => {
    clearTimeout(hintTimer);
    const id = nextHint++;
    set({ hint: { id, message, x: at.x, y: at.y } });
    hintTimer = setTimeout(() => {
      if (get().hint?.id === id) set({ hint: null });
    }, HINT_MS);
  },
  clearHint: () => {
    clearTimeout(hintTimer);
    set({ hint: null });
  },
  setDropEdge: (dropEdgeId) => {
    if (get().dropEdgeId !== dropEdgeId) set({ dropEdgeId });
  },
}));
