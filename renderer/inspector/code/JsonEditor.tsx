import { linter, type Diagnostic } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useEffect, useMemo, useRef, useState } from 'react';
import { codeHighlighting, json } from './languages.js';
import { codeTheme } from './theme.js';

const SETUP = { foldGutter: false, highlightActiveLine: false, autocompletion: false, searchKeymap: false, syntaxHighlighting: false } as const;

/** Where JSON.parse stopped, from its message ("… at position 12"), or the end. */
function parseFailure(text: string): Diagnostic | null {
  try {
    JSON.parse(text);
    return null;
  } catch (failure) {
    const message = failure instanceof Error ? failure.message : String(failure);
    const at = /position (\d+)/.exec(message);
    const position = at ? Math.min(Number(at[1]), text.length) : text.length;
    const from = Math.max(0, Math.min(position, text.length - 1));
    return { from, to: Math.min(text.length, from + 1), severity: 'error', message };
  }
}

const jsonLint = linter((view) => {
  const failure = parseFailure(view.state.doc.toString());
  return failure ? [failure] : [];
});

type Props = {
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  label: string;
};

/** A JSON object in a code editor. Edits reach the draft only while the text parses to an object. */
export function JsonEditor({ value, onChange, label }: Props) {
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [error, setError] = useState<string | null>(null);
  const lastSent = useRef(value);
  useEffect(() => {
    // A change from outside (undo, another API) replaces the text; our own edits do not.
    if (value !== lastSent.current) {
      lastSent.current = value;
      setText(JSON.stringify(value, null, 2));
      setError(null);
    }
  }, [value]);
  const extensions = useMemo(() => [json, codeHighlighting, codeTheme, jsonLint, EditorView.contentAttributes.of({ 'aria-label': label })], [label]);

  const onText = (next: string): void => {
    setText(next);
    const failure = parseFailure(next);
    if (failure) return setError(`Not valid JSON: ${failure.message}`);
    const parsed = JSON.parse(next) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return setError('A JSON Schema is an object, like {"type": "object"}');
    setError(null);
    lastSent.current = parsed as Record<string, unknown>;
    onChange(parsed as Record<string, unknown>);
  };

  return (
    <div className="json-editor">
      <CodeMirror className={`code-field ${error ? 'invalid' : ''}`} value={text} onChange={onText} extensions={extensions} basicSetup={SETUP} theme="none" minHeight="80px" maxHeight="320px" />
      {error ? <span className="field-error">{error}</span> : null}
    </div>
  );
}
