import { useState, type ReactNode } from 'react';
import type { FormProblem } from '../../../shared/input-form-check.js';
import { ENUM_TYPES, INPUT_FORMATS, ITEM_TYPES, boundsNoun, type InputField, type InputType } from '../../../shared/input-form.js';
import { Icon } from '../../theme/icons.js';
import { boundFromText, enumFromText, enumText, exampleFromText, exampleText } from './cell-values.js';
import { InputFieldsTable } from './InputFieldsTable.js';
import { TextCell } from './TextCell.js';

type Props = {
  field: InputField;
  index: number;
  types: readonly InputType[];
  /** This row's problems. */
  problems: readonly FormProblem[];
  /** Every problem of the form, for the rows nested in this one. */
  nestedProblems: readonly FormProblem[];
  parent: readonly string[];
  canNest: boolean;
  onChange: (field: InputField) => void;
  onRemove: () => void;
  /** More details, drawn after the field's own. */
  extra?: ReactNode;
  /** A given row (a path parameter): its name and required are fixed and it cannot be removed. */
  locked?: boolean;
  testId: string;
};

const showBound = (value: number | undefined): string => (value === undefined ? '' : String(value));

/** Keeps what still applies to the new type: a format only for text, allowed values only for text and numbers. */
function retyped(field: InputField, type: InputType): InputField {
  const { format, enum: values, items, fields, acceptOthers, example, min, max, ...rest } = field;
  const next: InputField = { ...rest, type };
  if (type === 'string' && format) next.format = format;
  if (type === 'array' && items) next.items = items;
  if (type === 'object' && fields) Object.assign(next, { fields, acceptOthers });
  if (ENUM_TYPES.has(type) && values) next.enum = values.filter((value) => (type === 'string' ? typeof value === 'string' : typeof value === 'number'));
  if (boundsNoun(type) === boundsNoun(field.type)) Object.assign(next, min === undefined ? {} : { min }, max === undefined ? {} : { max });
  if (example !== undefined && type === field.type) next.example = example;
  return next;
}

/** Sets or clears one optional part of a field. */
function withPart<K extends keyof InputField>(field: InputField, key: K, value: InputField[K] | undefined): InputField {
  const next = { ...field };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** One field: name, type and required in the row; format, bounds, allowed values, example and description folded under it. */
export function FieldRow({ field, index, types, problems, nestedProblems, parent, canNest, onChange, onRemove, extra, locked = false, testId }: Props) {
  const detailed = field.format !== undefined || field.min !== undefined || field.max !== undefined || field.enum !== undefined || field.example !== undefined || field.fields !== undefined;
  const [open, setOpen] = useState(false);
  const problemIn = (column: FormProblem['column']): string | undefined => problems.find((problem) => problem.column === column)?.message;
  const noun = boundsNoun(field.type);
  const label = field.name || `row ${index + 1}`;

  return (
    <li className="input-field" data-testid={testId} data-name={field.name}>
      <div className="input-field-row">
        <input
          className={`input mono ${problemIn('name') ? 'invalid' : ''}`}
          aria-label="Field name"
          value={field.name}
          readOnly={locked}
          onChange={(event) => onChange({ ...field, name: event.target.value })}
          data-testid={`${testId}-name`}
        />
        <select className="select" aria-label={`Type of ${label}`} value={field.type} onChange={(event) => onChange(retyped(field, event.target.value as InputType))} data-testid={`${testId}-type`}>
          {types.map((type) => (
            <option key={type} value={type}>
              {type === 'string' ? 'text' : type === 'array' ? 'list' : type}
            </option>
          ))}
        </select>
        <input type="checkbox" aria-label={`${label} is required`} checked={field.required} disabled={locked} onChange={(event) => onChange({ ...field, required: event.target.checked })} data-testid={`${testId}-required`} />
        <button
          type="button"
          className={`btn btn-ghost btn-sm btn-icon ${detailed ? 'active' : ''}`}
          aria-expanded={open}
          aria-label={`${open ? 'Hide' : 'Show'} the details of ${label}`}
          title="Format, limits, allowed values, example"
          onClick={() => setOpen(!open)}
          data-testid={`${testId}-more`}
        >
          <Icon name={open ? 'chevron-up' : 'sliders'} size={14} />
        </button>
        {locked ? (
          <span />
        ) : (
          <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label={`Remove ${label}`} onClick={onRemove}>
            ×
          </button>
        )}
      </div>
      {problems.map((problem) => (
        <span key={`${problem.column}-${problem.message}`} className="field-error">
          {problem.message}
        </span>
      ))}
      {open ? (
        <div className="input-field-details">
          {field.type === 'string' ? (
            <label>
              <span>Format</span>
              <select className="select" value={field.format ?? ''} onChange={(event) => onChange(withPart(field, 'format', (event.target.value || undefined) as InputField['format']))} data-testid={`${testId}-format`}>
                <option value="">any text</option>
                {INPUT_FORMATS.map((format) => (
                  <option key={format} value={format}>
                    {format}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {field.type === 'array' ? (
            <label>
              <span>Items</span>
              <select className="select" value={field.items ?? ''} onChange={(event) => onChange(withPart(field, 'items', (event.target.value || undefined) as InputField['items']))}>
                <option value="">anything</option>
                {ITEM_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {type === 'string' ? 'text' : type}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {noun ? (
            <div className="input-field-bounds">
              <span>{noun === 'value' ? 'Value' : noun === 'length' ? 'Length' : 'Items'}</span>
              <TextCell value={field.min} read={boundFromText} show={showBound} onChange={(min) => onChange(withPart(field, 'min', min))} label={`Least ${noun} of ${label}`} placeholder="min" invalid={Boolean(problemIn('bounds'))} testId={`${testId}-min`} />
              <span className="faint">to</span>
              <TextCell value={field.max} read={boundFromText} show={showBound} onChange={(max) => onChange(withPart(field, 'max', max))} label={`Most ${noun} of ${label}`} placeholder="max" invalid={Boolean(problemIn('bounds'))} testId={`${testId}-max`} />
            </div>
          ) : null}
          {ENUM_TYPES.has(field.type) ? (
            <label>
              <span>Allowed</span>
              <TextCell
                value={field.enum}
                read={(text) => enumFromText(text, field.type)}
                show={enumText}
                onChange={(values) => onChange(withPart(field, 'enum', values))}
                label={`Allowed values of ${label}`}
                placeholder="any; or a, b, c"
                invalid={Boolean(problemIn('enum'))}
                testId={`${testId}-enum`}
              />
            </label>
          ) : null}
          {field.type === 'object' ? null : (
            <label>
              <span>Example</span>
              <TextCell
                value={field.example}
                read={(text) => exampleFromText(text, field.type)}
                show={(value) => exampleText(value, field.type)}
                onChange={(example) => onChange(withPart(field, 'example', example))}
                label={`Example of ${label}`}
                placeholder={field.type === 'boolean' ? 'true or false' : field.type === 'array' ? '["a", "b"]' : 'shown in the docs'}
                invalid={Boolean(problemIn('example'))}
                testId={`${testId}-example`}
              />
            </label>
          )}
          {extra}
          <label>
            <span>About</span>
            <input className="input" aria-label={`Description of ${label}`} placeholder="What it is, for the docs" value={field.description ?? ''} onChange={(event) => onChange(withPart(field, 'description', event.target.value || undefined))} />
          </label>
          {field.type === 'object' && canNest ? (
            <div className="input-field-nested">
              {field.fields ? (
                <>
                  <InputFieldsTable fields={field.fields} onChange={(fields) => onChange({ ...field, fields })} problems={nestedProblems} parent={[...parent, field.name]} testId={`${testId}-fields`} />
                  <label className="checkbox">
                    <input type="checkbox" checked={field.acceptOthers ?? false} onChange={(event) => onChange({ ...field, acceptOthers: event.target.checked })} />
                    Accept fields not listed
                  </label>
                </>
              ) : (
                <button type="button" className="btn btn-sm" onClick={() => onChange({ ...field, fields: [{ name: 'field1', type: 'string', required: false }], acceptOthers: false })}>
                  List its fields
                </button>
              )}
            </div>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
