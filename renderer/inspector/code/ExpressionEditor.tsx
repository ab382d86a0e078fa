import { autocompletion } from '@codemirror/autocomplete';
import { linter, type Diagnostic } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useMemo, useRef } from 'react';
import { parseExpression } from '../../../shared/compile/expressions.js';
import { expressionCompletion, type ExpressionScope } from './completion.js';
import { codeHighlighting, jsonata } from './languages.js';
import { codeTheme } from './theme.js';

/** How long after typing stops the syntax check runs. */
const LINT_DELAY_MS = 200;

/** JSONata's parser error, underlined where it stopped. */
function jsonataDiagnostics(view: EditorView): Diagnostic[] {
  const source = view.state.doc.toString();
  if (source.trim() === '') return [];
  const result = parseExpression(source);
  if (result.ok) return [];
  const length = source.length;
  const to = Math.min(Math.max(result.position, 1), length);
  const from = Math.max(0, Math.min(to - 1, length - 1));
  return [{ from, to: Math.max(to, from + 1), severity: 'error', message: result.message }];
}

const SETUP = {
  lineNumbers: false,
  foldGutter: false,
  highlightActiveLine: false,
  highlightActiveLineGutter: false,
  autocompletion: false,
  searchKeymap: false,
  highlightSelectionMatches: false,
  crosshairCursor: false,
  dropCursor: false,
  rectangularSelection: false,
  syntaxHighlighting: false,
} as const;

type Props = {
  value: string;
  onChange: (value: string) => void;
  scope: ExpressionScope;
  placeholder?: string;
  invalid?: boolean;
  label: string;
};

/** A JSONata field: syntax colouring, a parse check as you type, and completion of what the flow can read. */
export function ExpressionEditor({ value, onChange, scope, placeholder, invalid, label }: Props) {
  const scopeRef = useRef(scope);
  scopeRef.current = scope;
  const extensions = useMemo(
    () => [
      jsonata,
      codeHighlighting,
      codeTheme,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label }),
      autocompletion({ override: [expressionCompletion(() => scopeRef.current)], activateOnTyping: true, icons: false }),
      linter(jsonataDiagnostics, { delay: LINT_DELAY_MS }),
    ],
    [label],
  );
  return (
    <CodeMirror
      className={`code-field ${invalid ? 'invalid' : ''}`}
      value={value}
      onChange={onChange}
      extensions={extensions}
      basicSetup={SETUP}
      theme="none"
      placeholder={placeholder}
      indentWithTab={false}
    />
  );
}
