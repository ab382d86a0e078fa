import type { EditorView } from '@codemirror/view';

/** Expression fields on screen, in the order they were drawn, and the one the builder was last typing in. */
const fields = new Set<EditorView>();
let lastFocused: EditorView | null = null;

/** Called by each expression field once its editor exists; the returned function forgets it. */
export function registerExpressionField(view: EditorView): () => void {
  fields.add(view);
  return () => {
    fields.delete(view);
    if (lastFocused === view) lastFocused = null;
  };
}

export function noteFocus(view: EditorView): void {
  lastFocused = view;
}

/**
 * Puts a picked path where the builder was typing: at the cursor of the last expression field focused;
 * with none focused yet, into the first empty expression field, or else the first one, replacing what it
 * holds (undo brings it back).
 * False when no expression field is shown.
 */
export function insertIntoExpression(path: string): boolean {
  const connected = (view: EditorView | null): view is EditorView => view !== null && view.dom.isConnected;
  const shown = [...fields].filter(connected);
  const target = connected(lastFocused) ? lastFocused : (shown.find((view) => view.state.doc.length === 0) ?? shown[0]);
  if (!target) return false;
  if (target === lastFocused) {
    target.dispatch(target.state.replaceSelection(path), { scrollIntoView: true, userEvent: 'input.paste' });
  } else {
    target.dispatch({ changes: { from: 0, to: target.state.doc.length, insert: path }, selection: { anchor: path.length }, userEvent: 'input.paste' });
  }
  target.focus();
  lastFocused = target;
  return true;
}
