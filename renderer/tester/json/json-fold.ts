import { foldService } from '@codemirror/language';
import type { EditorView } from '@codemirror/view';

type EditorState = EditorView['state'];

const indentOf = (text: string): number => text.length - text.trimStart().length;

/**
 * Folding for indented JSON (what JSON.stringify(value, null, 2) writes, and what people type): a line ending
 * in `{` or `[` folds down to the first later line indented no deeper, which holds the closing bracket.
 */
export function jsonFoldRange(state: EditorState, lineStart: number): { from: number; to: number } | null {
  const line = state.doc.lineAt(lineStart);
  const trimmed = line.text.trimEnd();
  if (!trimmed.endsWith('{') && !trimmed.endsWith('[')) return null;
  const indent = indentOf(line.text);
  for (let number = line.number + 1; number <= state.doc.lines; number++) {
    const next = state.doc.line(number);
    if (next.text.trim() === '') continue;
    const nextIndent = indentOf(next.text);
    if (nextIndent > indent) continue;
    return number === line.number + 1 ? null : { from: line.from + trimmed.length, to: next.from + nextIndent };
  }
  return null;
}

export const jsonFolding = foldService.of((state, lineStart) => jsonFoldRange(state, lineStart));
