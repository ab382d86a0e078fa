import { useEffect, useMemo, useRef, useState } from 'react';
import { formProblems } from '../../../shared/input-form-check.js';
import { schemaToForm } from '../../../shared/input-form-read.js';
import { formToSchema, type InputForm } from '../../../shared/input-form.js';
import { JsonEditor } from '../code/JsonEditor.js';
import { InputFieldsTable } from './InputFieldsTable.js';
import './input-form.css';

type Schema = Record<string, unknown>;

type Props = {
  schema: Schema;
  onChange: (schema: Schema) => void;
  /** "Body", "Value": what the fields are the fields of, for labels. */
  label: string;
  testId: string;
};

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * A JSON Schema edited as a table of fields, or as JSON for what a table cannot say. The table is the
 * default whenever it can show the whole schema; the JSON mode switches back as soon as it can again.
 */
export function SchemaFormField({ schema, onChange, label, testId }: Props) {
  const reading = useMemo(() => schemaToForm(schema), [schema]);
  const [mode, setMode] = useState<'form' | 'json'>(reading.ok ? 'form' : 'json');
  const [form, setForm] = useState<InputForm>(reading.ok ? reading.form : { fields: [], acceptOthers: false });
  const sent = useRef<Schema | null>(null);
  useEffect(() => {
    // A schema from elsewhere (undo, JSON mode, another window) replaces the table; the table's own edits do not.
    if (sent.current !== null && sameJson(sent.current, schema)) return;
    if (reading.ok) setForm(reading.form);
    else setMode('json');
  }, [schema, reading]);

  const problems = useMemo(() => formProblems(form.fields), [form]);
  const unnamed = problems.some((problem) => problem.column === 'name');
  const edit = (next: InputForm): void => {
    setForm(next);
    // Rows without a name of their own cannot be properties yet: the schema waits for them.
    if (formProblems(next.fields).some((problem) => problem.column === 'name')) return;
    const built = formToSchema(next);
    sent.current = built;
    onChange(built);
  };

  if (mode === 'json') {
    return (
      <div className="schema-form" data-mode="json" data-testid={testId}>
        <JsonEditor label={`${label} JSON Schema`} value={schema} onChange={onChange} />
        <div className="row schema-form-switch">
          {reading.ok ? null : <span className="field-help grow">The table cannot show this schema: {reading.reason}.</span>}
          <button type="button" className="btn btn-ghost btn-sm" disabled={!reading.ok} onClick={() => {
              if (!reading.ok) return;
              setForm(reading.form);
              setMode('form');
            }} data-testid={`${testId}-to-form`}>
            Edit as fields
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="schema-form" data-mode="form" data-testid={testId}>
      <InputFieldsTable fields={form.fields} onChange={(fields) => edit({ ...form, fields })} problems={problems} testId={`${testId}-fields`} />
      {unnamed ? <span className="field-warning">Not saved until every field has a name of its own.</span> : null}
      <div className="row schema-form-switch">
        <label className="checkbox grow">
          <input type="checkbox" checked={form.acceptOthers} onChange={(event) => edit({ ...form, acceptOthers: event.target.checked })} data-testid={`${testId}-accept-others`} />
          Accept fields not listed
        </label>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setMode('json')} data-testid={`${testId}-to-json`}>
          Edit as JSON Schema
        </button>
      </div>
    </div>
  );
}
