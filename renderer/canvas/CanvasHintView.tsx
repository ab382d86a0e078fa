import type { RefObject } from 'react';
import { Icon } from '../theme/icons.js';
import { useCanvasFeedback } from './canvas-feedback.js';

/** Keeps a hint's box off the canvas edges. */
const HINT_WIDTH_PX = 300;
const EDGE_GAP_PX = 12;

/** The last refusal, shown where it happened until it times out or is closed. */
export function CanvasHintView({ wrapper }: { wrapper: RefObject<HTMLDivElement | null> }) {
  const hint = useCanvasFeedback((state) => state.hint);
  const clear = useCanvasFeedback((state) => state.clearHint);
  if (!hint) return null;
  const canvasWidth = wrapper.current?.clientWidth ?? HINT_WIDTH_PX;
  const left = Math.max(EDGE_GAP_PX, Math.min(hint.x - HINT_WIDTH_PX / 2, canvasWidth - HINT_WIDTH_PX - EDGE_GAP_PX));
  return (
    <div className="canvas-hint" role="status" style={{ left, top: hint.y + EDGE_GAP_PX, width: HINT_WIDTH_PX }} data-testid="canvas-hint">
      <Icon name="alert-triangle" size={14} className="canvas-hint-icon" />
      <span className="grow">{hint.message}</span>
      <button type="button" className="btn btn-ghost btn-sm btn-icon" onClick={clear} aria-label="Close the hint" title="Close">
        <Icon name="x" size={12} />
      </button>
    </div>
  );
}
