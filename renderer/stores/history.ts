import type { EditorDoc } from './editor-doc.js';

/** How many undo steps are kept. States share node objects, so each step costs little. */
export const MAX_HISTORY = 100;
/** Edits of one field within this window are one undo step (typing a word is not ten). */
export const COALESCE_MS = 1000;

export type History = { past: EditorDoc[]; future: EditorDoc[]; lastKey: string | null; lastAt: number };

export const emptyHistory = (): History => ({ past: [], future: [], lastKey: null, lastAt: 0 });

/** Records `doc` as the state to return to, unless it continues the previous edit of the same `key`. */
export function record(history: History, doc: EditorDoc, key: string | null, now: number): History {
  if (key !== null && key === history.lastKey && now - history.lastAt < COALESCE_MS) {
    return { ...history, lastAt: now };
  }
  const past = history.past.length >= MAX_HISTORY ? history.past.slice(1) : history.past.slice();
  past.push(doc);
  return { past, future: [], lastKey: key, lastAt: now };
}

export function undo(history: History, current: EditorDoc): { history: History; doc: EditorDoc } | null {
  const doc = history.past.at(-1);
  if (!doc) return null;
  return { history: { past: history.past.slice(0, -1), future: [current, ...history.future], lastKey: null, lastAt: 0 }, doc };
}

export function redo(history: History, current: EditorDoc): { history: History; doc: EditorDoc } | null {
  const doc = history.future[0];
  if (!doc) return null;
  return { history: { past: [...history.past, current], future: history.future.slice(1), lastKey: null, lastAt: 0 }, doc };
}
