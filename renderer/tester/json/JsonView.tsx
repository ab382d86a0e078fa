import { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useMemo } from 'react';
import { codeHighlighting, json } from '../../inspector/code/languages.js';
import { codeTheme } from '../../inspector/code/theme.js';
import { jsonFolding } from './json-fold.js';

const SETUP = { foldGutter: true, lineNumbers: false, highlightActiveLine: false, highlightActiveLineGutter: false, autocompletion: false, syntaxHighlighting: false } as const;

/** `JSON.stringify` for display: two-space indent, `undefined` spelt out. */
export const prettyJson = (value: unknown): string => JSON.stringify(value, null, 2) ?? 'undefined';

type Props = { text: string; label: string; maxHeight?: string; testId?: string };

/** Read-only JSON with folding (click the gutter arrows) and long lines wrapped. */
export function JsonView({ text, label, maxHeight, testId }: Props) {
  const extensions = useMemo(
    () => [json, codeHighlighting, codeTheme, jsonFolding, EditorView.lineWrapping, EditorView.contentAttributes.of({ 'aria-label': label })],
    [label],
  );
  return (
    <div className="json-view nowheel" data-testid={testId}>
      <CodeMirror value={text} editable={false} readOnly extensions={extensions} basicSetup={SETUP} theme="none" maxHeight={maxHeight} />
    </div>
  );
}
