import { autocompletion } from '@codemirror/autocomplete';
import { linter, type Diagnostic } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useEffect, useMemo, useRef } from 'react';
import { expressionFindings } from '../../../shared/compile/expression-findings.js';
import { analyzeExpression } from '../../../shared/compile/expressions.js';
import { referenceFindings } from '../../../shared/compile/references.js';
import { noteFocus, registerExpressionField } from '../data/insert-target.js';
import { expressionCompletion, type ExpressionScope } from './completion.js';
import { codeHighlighting, jsonata } from './languages.js';
import { codeTheme } from './theme.js';
import './expression-field.css';

/** How long after typing stops the check runs. */
const LINT_DELAY_MS = 200;

/** The tooltip of every expression field: what it holds and how to read the rest of the flow. */
export const EXPRESSION_TOOLTIP = 'JSONata expression: quote fixed text ("…"), read data as request.body.name or steps.<key>.field';

/**
 * What the compiler will say about this source, underlined where it is: parse errors and functions (the
 * same findings that refuse to publish), then names and fields the flow does not have.
 */
function expressionDiagnostics(view: EditorView, scope: ExpressionScope): Diagnostic[] {
  const source = view.state.doc.toString();
  if (source.trim() === '') return [];
  const length = source.length;
  const diagnostics: Diagnostic[] = expressionFindings(source).map((finding) => ({
    from: Math.min(finding.from, length),
    to: Math.min(Math.max(finding.to, finding.from + 1), length),
    severity: 'error',
    message: finding.message,
  }));
  const analysis = analyzeExpression(source);
  if (!analysis.ok || !scope.shapes) return diagnostics;
  for (const finding of referenceFindings(source, analysis.paths, scope.shapes, scope.shapes.keys)) {
    if (finding.from === undefined || finding.to === undefined) continue;
    diagnostics.push({ from: finding.from, to: finding.to, severity: finding.severity, message: finding.message });
  }
  return diagnostics;
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
  // Fields picked from the data panel can be dropped where the cursor shows.
  dropCursor: true,
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

/** A JSONata field: tinted and badged apart from plain text, coloured, checked as you type, completing what the flow can read. */
export function ExpressionEditor({ value, onChange, scope, placeholder, invalid, label }: Props) {
  const scopeRef = useRef(scope);
  scopeRef.current = scope;
  const forget = useRef<(() => void) | null>(null);
  useEffect(() => () => forget.current?.(), []);
  const extensions = useMemo(
    () => [
      jsonata,
      codeHighlighting,
      codeTheme,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label, 'data-expression': 'true' }),
      EditorView.domEventHandlers({ focus: (_event, view) => noteFocus(view) }),
      autocompletion({ override: [expressionCompletion(() => scopeRef.current)], activateOnTyping: true, icons: false }),
      linter((view) => expressionDiagnostics(view, scopeRef.current), { delay: LINT_DELAY_MS }),
    ],
    [label],
  );
  return (
    <div className="expression-field">
      <span className="expression-badge" title={EXPRESSION_TOOLTIP} data-testid="expression-badge">
        fx
      </span>
      <CodeMirror
        className={`code-field expression ${invalid ? 'invalid' : ''}`}
        value={value}
        onChange={onChange}
        onCreateEditor={(view) => {
          forget.current?.();
          forget.current = registerExpressionField(view);
        }}
        extensions={extensions}
        basicSetup={SETUP}
        theme="none"
        placeholder={placeholder}
        indentWithTab={false}
      />
    </div>
  );
}
