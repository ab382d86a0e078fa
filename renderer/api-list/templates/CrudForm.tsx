import { useMemo } from 'react';
import { formProblems } from '../../../shared/input-form-check.js';
import type { InputField } from '../../../shared/input-form.js';
import { CRUD_PAGE_SIZE } from '../../../shared/templates/catalog.js';
import { InputFieldsTable } from '../../inspector/input-form/InputFieldsTable.js';
import '../../inspector/input-form/input-form.css';

export type CrudAnswers = { collection: string; item: string; itemTouched: boolean; fields: InputField[]; requireToken: boolean };

export const INITIAL_CRUD: CrudAnswers = { collection: '', item: '', itemTouched: false, fields: [{ name: 'name', type: 'string', required: true }], requireToken: true };

type Props = { answers: CrudAnswers; onChange: (answers: CrudAnswers) => void; singular: (plural: string) => string };

/** The collection, what one of its records is called, and its fields in the input form's table. */
export function CrudForm({ answers, onChange, singular }: Props) {
  const problems = useMemo(() => formProblems(answers.fields), [answers.fields]);
  const collection = answers.collection.trim() || 'items';
  const item = answers.item.trim() || 'item';
  return (
    <div className="template-form" data-testid="crud-form">
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <label className="field grow">
          <span className="field-label">Collection</span>
          <input
            className="input mono"
            autoFocus
            placeholder="users"
            value={answers.collection}
            onChange={(event) => {
              const value = event.target.value;
              onChange({ ...answers, collection: value, item: answers.itemTouched ? answers.item : singular(value.trim()) });
            }}
            data-testid="crud-collection"
          />
        </label>
        <label className="field grow">
          <span className="field-label">One of them is a</span>
          <input className="input" placeholder="user" value={answers.item} onChange={(event) => onChange({ ...answers, item: event.target.value, itemTouched: true })} data-testid="crud-item" />
        </label>
      </div>
      <div className="field">
        <span className="field-label">Fields</span>
        <span className="field-help">What each record holds. Create checks them (required, format, limits); the list can filter by each.</span>
        <InputFieldsTable fields={answers.fields} onChange={(fields) => onChange({ ...answers, fields })} problems={problems} testId="crud-fields" />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={answers.requireToken} onChange={(event) => onChange({ ...answers, requireToken: event.target.checked })} data-testid="crud-require-token" />
        Callers need a token of the environment
      </label>
      <ul className="template-preview" aria-label="APIs it makes">
        <li><code>GET /{collection}</code> list, {CRUD_PAGE_SIZE} a page, with filters</li>
        <li><code>GET /{collection}/:id</code> get one {item}</li>
        <li><code>POST /{collection}</code> create a {item}, its fields checked</li>
        <li><code>PATCH /{collection}/:id</code> update a {item}</li>
        <li><code>DELETE /{collection}/:id</code> delete a {item}</li>
      </ul>
    </div>
  );
}
