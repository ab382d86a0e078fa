import type { ReactNode } from 'react';
import type { FormProblem } from '../../../shared/input-form-check.js';
import { INPUT_TYPES, MAX_FORM_DEPTH, MAX_FORM_FIELDS, type InputField, type InputType } from '../../../shared/input-form.js';
import { FieldRow } from './FieldRow.js';

type Props = {
  fields: readonly InputField[];
  onChange: (fields: InputField[]) => void;
  problems: readonly FormProblem[];
  /** The row names above this table (for nested fields), to find this table's problems. */
  parent?: readonly string[];
  /** The types a row may take: query parameters are never objects or lists. */
  types?: readonly InputType[];
  /** What a row is called in buttons: "field", "parameter". */
  noun?: string;
  /** More to edit in a row's details, e.g. a query parameter's default. */
  detail?: (index: number) => ReactNode;
  /** The rows are given (a path's parameters): names, required and the rows themselves cannot change. */
  locked?: boolean;
  testId: string;
};

const firstFree = (fields: readonly InputField[], stem: string): string => {
  const taken = new Set(fields.map((field) => field.name));
  let n = fields.length + 1;
  while (taken.has(`${stem}${n}`)) n++;
  return `${stem}${n}`;
};

/** The fields of one object (or a list of query parameters): one row each, details folded under it. */
export function InputFieldsTable({ fields, onChange, problems, parent = [], types = INPUT_TYPES, noun = 'field', detail, locked = false, testId }: Props) {
  const depth = parent.length;
  const update = (index: number, field: InputField): void => onChange(fields.map((other, at) => (at === index ? field : other)));
  return (
    <div className="input-fields" data-testid={testId}>
      {fields.length > 0 ? (
        <div className="input-fields-head" aria-hidden>
          <span>Name</span>
          <span>Type</span>
          <span title="Required">Req.</span>
          <span />
          <span />
        </div>
      ) : null}
      <ul className="input-fields-rows">
        {fields.map((field, index) => (
          <FieldRow
            key={index}
            field={field}
            index={index}
            types={types}
            problems={problems.filter((problem) => problem.row.length === depth + 1 && problem.row[depth] === field.name && parent.every((name, at) => problem.row[at] === name))}
            nestedProblems={problems}
            parent={parent}
            canNest={depth + 1 < MAX_FORM_DEPTH}
            onChange={(next) => update(index, next)}
            onRemove={() => onChange(fields.filter((_, at) => at !== index))}
            extra={detail?.(index)}
            locked={locked}
            testId={`${testId}-${index}`}
          />
        ))}
      </ul>
      {locked ? null : (
      <button
        type="button"
        className="btn btn-sm"
        disabled={fields.length >= MAX_FORM_FIELDS}
        onClick={() => onChange([...fields, { name: firstFree(fields, noun.endsWith('parameter') ? 'param' : 'field'), type: 'string', required: false }])}
        data-testid={`${testId}-add`}
      >
        + Add {noun}
      </button>
      )}
    </div>
  );
}
