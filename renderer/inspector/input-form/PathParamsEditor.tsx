import { useMemo } from 'react';
import { formProblems } from '../../../shared/input-form-check.js';
import type { InputField } from '../../../shared/input-form.js';
import { PATH_PARAM_TYPES, pathParamNames, type PathParam } from '../../../shared/model/api.js';
import { InputFieldsTable } from './InputFieldsTable.js';
import './input-form.css';

type Props = { path: string; params: readonly PathParam[]; onChange: (params: PathParam[]) => void };

/** A row of the table for each of the path's parameters: its declaration, or plain text. */
const asField = (name: string, declared: PathParam | undefined): InputField => ({ ...(declared ?? { type: 'string' }), name, required: true });

/** A row back as a declaration; plain text with nothing else said needs none. */
function asParam(field: InputField): PathParam | null {
  const { required: _required, fields: _fields, items: _items, acceptOthers: _others, example, ...rest } = field;
  const param: PathParam = { ...rest, type: field.type as PathParam['type'] };
  if (typeof example === 'string' || typeof example === 'number') param.example = example;
  const plain = param.type === 'string' && Object.keys(param).every((key) => key === 'name' || key === 'type');
  return plain ? null : param;
}

/** The path's parameters in the input form's table: each is text unless declared a number, with a format, bounds and allowed values. */
export function PathParamsEditor({ path, params, onChange }: Props) {
  const names = useMemo(() => pathParamNames(path), [path]);
  const fields = useMemo(() => names.map((name) => asField(name, params.find((param) => param.name === name))), [names, params]);
  const problems = useMemo(() => formProblems(fields), [fields]);
  if (names.length === 0) return <span className="field-help">Add a parameter with a “:” segment, e.g. /users/:id.</span>;
  return (
    <div className="path-params" data-testid="path-params">
      <InputFieldsTable
        fields={fields}
        // Declarations of names the path no longer has are kept, so a parameter typed again finds its own.
        onChange={(next) => onChange([...next.flatMap((field) => asParam(field) ?? []), ...params.filter((param) => !names.includes(param.name))])}
        problems={problems}
        types={PATH_PARAM_TYPES}
        noun="path parameter"
        locked
        testId="path-form"
      />
      <span className="field-help">Read as request.params.&lt;name&gt;; a call whose parameter does not fit is answered 400.</span>
    </div>
  );
}
