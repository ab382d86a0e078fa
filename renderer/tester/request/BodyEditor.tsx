import { linter, type Diagnostic } from '@codemirror/lint';
import { EditorView, keymap } from '@codemirror/view';
import CodeMirror, { Prec } from '@uiw/react-codemirror';
import { useMemo } from 'react';
import { codeHighlighting, json } from '../../inspector/code/languages.js';
import { codeTheme } from '../../inspector/code/theme.js';
import { Icon } from '../../theme/icons.js';
import { jsonFolding } from '../json/json-fold.js';
import { exampleBody, parseBody } from '../request-model.js';
import { checkAgainstSchema, hintPath, type SchemaHint } from '../schema-check.js';

const SETUP = { foldGutter: true, highlightActiveLine: false, autocompletion: false, searchKeymap: false, syntaxHighlighting: false } as const;

/**
 * Ctrl+Enter belongs to Send (the panel listens); here it must not also insert a line. Highest precedence:
 * the basic setup's own Mod-Enter (insert a blank line) would otherwise run first.
 */
const sendKeys = Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => true }]));

/** Where a hint points: the last property name on its path, else the start. */
function rangeOf(text: string, hint: SchemaHint): { from: number; to: number } {
  const name = [...hint.path].reverse().find((part): part is string => typeof part === 'string');
  const at = name === undefined ? -1 : text.indexOf(JSON.stringify(name));
  return at === -1 ? { from: 0, to: Math.min(1, text.length) } : { from: at, to: at + JSON.stringify(name).length };
}

export function bodyHints(text: string, schema: Record<string, unknown> | null): { parseError: string | null; hints: SchemaHint[] } {
  const parsed = parseBody(text);
  if (!parsed.ok) return { parseError: parsed.message, hints: [] };
  return { parseError: null, hints: schema && parsed.value !== undefined ? checkAgainstSchema(parsed.value, schema) : [] };
}

type Props = { value: string; onChange: (text: string) => void; schema: Record<string, unknown> | null };

/** The JSON body, linted as JSON and against the API's body schema, with an example to start from. */
export function BodyEditor({ value, onChange, schema }: Props) {
  const extensions = useMemo(() => {
    const lint = linter((view) => {
      const text = view.state.doc.toString();
      const { parseError, hints } = bodyHints(text, schema);
      if (parseError) return [{ from: 0, to: Math.min(1, text.length), severity: 'error', message: parseError } satisfies Diagnostic];
      return hints.map((hint) => ({ ...rangeOf(text, hint), severity: 'warning', message: `${hintPath(hint.path)} ${hint.message}` }) satisfies Diagnostic);
    });
    return [json, codeHighlighting, codeTheme, jsonFolding, lint, sendKeys, EditorView.contentAttributes.of({ 'aria-label': 'Request body (JSON)' })];
  }, [schema]);
  const { parseError, hints } = useMemo(() => bodyHints(value, schema), [value, schema]);

  const format = (): void => {
    const parsed = parseBody(value);
    if (parsed.ok && parsed.value !== undefined) onChange(JSON.stringify(parsed.value, null, 2));
  };

  return (
    <div className="tester-body">
      <div className="row tester-body-tools">
        <button type="button" className="btn btn-sm" onClick={() => onChange(exampleBody(schema))} data-testid="tester-insert-example" title={schema ? 'A body built from the API’s body schema' : 'The API has no body schema: an empty object'}>
          Insert example
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={format} disabled={parseError !== null}>
          Format
        </button>
        <span className="grow" />
        {parseError ? (
          <span className="field-error">Not valid JSON</span>
        ) : hints.length > 0 ? (
          <span className="field-warning" data-testid="tester-body-hints" title={hints.map((hint) => `${hintPath(hint.path)} ${hint.message}`).join('\n')}>
            <Icon name="alert-triangle" size={12} /> {hintPath(hints[0]!.path)} {hints[0]!.message}
            {hints.length > 1 ? ` (+${hints.length - 1})` : ''}
          </span>
        ) : schema ? (
          <span className="field-help">Matches the body schema</span>
        ) : null}
      </div>
      <CodeMirror className="code-field" value={value} onChange={onChange} extensions={extensions} basicSetup={SETUP} theme="none" minHeight="90px" />
    </div>
  );
}
