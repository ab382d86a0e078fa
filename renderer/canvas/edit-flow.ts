import type { StepEdge, StepNode } from '../stores/editor-doc.js';
import { useEditor } from '../stores/editor.js';

/**
 * Puts new nodes and/or edges into the draft as a content change (saved, recompiled), for the canvas edits the
 * editor store has no action for. `newUndoStep` records the state before as its own undo step; without it the
 * change joins the step just recorded (e.g. by the node added for an insertion).
 */
export function applyCanvasEdit(change: { nodes?: StepNode[]; edges?: StepEdge[] }, newUndoStep: boolean): void {
  if (newUndoStep) useEditor.getState().checkpoint();
  useEditor.setState((state) => ({ ...change, revision: state.revision + 1, contentRevision: state.contentRevision + 1 }));
}
