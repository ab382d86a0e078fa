import { useCallback, useState } from 'react';

const STORAGE_KEY = 'flowgate.bottomHeight';
const DEFAULT_HEIGHT_PX = 320;
const MIN_HEIGHT_PX = 140;
/** The canvas keeps at least this share of the window. */
const MAX_SHARE = 0.75;
const KEY_STEP_PX = 24;

const clamp = (height: number): number => Math.round(Math.min(Math.max(height, MIN_HEIGHT_PX), window.innerHeight * MAX_SHARE));

/** The bottom area's height, remembered in this browser (a layout preference, nothing secret). */
export function useBottomHeight(): [number, (height: number) => void] {
  const [height, setHeight] = useState(() => clamp(Number(localStorage.getItem(STORAGE_KEY)) || DEFAULT_HEIGHT_PX));
  const update = useCallback((next: number) => {
    const clamped = clamp(next);
    setHeight(clamped);
    localStorage.setItem(STORAGE_KEY, String(clamped));
  }, []);
  return [height, update];
}

/** The bottom area's top edge: drag it (or focus it and press ↑/↓) to resize. */
export function BottomResizeHandle({ height, onResize }: { height: number; onResize: (height: number) => void }) {
  const onPointerDown = (event: React.PointerEvent<HTMLDivElement>): void => {
    event.preventDefault();
    const startY = event.clientY;
    const startHeight = height;
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const move = (moved: PointerEvent): void => onResize(startHeight + startY - moved.clientY);
    const stop = (): void => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', stop);
      handle.removeEventListener('pointercancel', stop);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', stop);
    handle.addEventListener('pointercancel', stop);
  };
  const onKeyDown = (event: React.KeyboardEvent): void => {
    if (event.key === 'ArrowUp') onResize(height + KEY_STEP_PX);
    else if (event.key === 'ArrowDown') onResize(height - KEY_STEP_PX);
    else return;
    event.preventDefault();
  };
  return (
    <div
      className="bottom-resize"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the bottom panel"
      aria-valuenow={height}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      data-testid="bottom-resize"
    />
  );
}
