import { useReactFlow } from '@xyflow/react';
import { useEffect, type RefObject } from 'react';
import { saveNow } from '../stores/autosave.js';
import { useEditor } from '../stores/editor.js';

/** Typing in a field (or a code editor) keeps its own shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('.cm-editor') !== null;
}

/** Undo/redo, copy/paste, duplicate and save for the canvas. */
export function useCanvasShortcuts(wrapper: RefObject<HTMLElement | null>): void {
  const { screenToFlowPosition } = useReactFlow();
  useEffect(() => {
    let pointer: { x: number; y: number } | null = null;
    const onPointerMove = (event: PointerEvent): void => {
      pointer = { x: event.clientX, y: event.clientY };
    };
    const overCanvas = (): boolean => {
      const bounds = wrapper.current?.getBoundingClientRect();
      return Boolean(pointer && bounds && pointer.x >= bounds.left && pointer.x <= bounds.right && pointer.y >= bounds.top && pointer.y <= bounds.bottom);
    };
    const onKeyDown = (event: KeyboardEvent): void => {
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      const editor = useEditor.getState();
      if (!editor.apiId) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 'z' && !event.shiftKey) editor.undo();
      else if (mod && ((key === 'z' && event.shiftKey) || key === 'y')) editor.redo();
      else if (mod && key === 'c') {
        if (editor.copy() === 0) return;
      } else if (mod && key === 'v') editor.paste(pointer && overCanvas() ? screenToFlowPosition(pointer) : undefined);
      else if (mod && key === 'd') {
        if (editor.copy() > 0) editor.paste();
      } else if (mod && key === 's') void saveNow();
      else return;
      event.preventDefault();
    };
    window.addEventListener('pointermove', onPointerMove, { passive: true });
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('pointermove', onPointerMove);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [screenToFlowPosition, wrapper]);
}
