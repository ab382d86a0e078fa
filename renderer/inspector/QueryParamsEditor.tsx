import { useMemo } from 'react';
import { formProblems } from '../../shared/input-form-check.js';
import type { InputField } from '../../shared/input-form.js';
import { QUERY_PARAM_TYPES, type QueryParam } from '../../shared/model/api.js';
import { InputFieldsTable } from './input-form/InputFieldsTable.js';
import { TextCell } from './input-form/TextCell.js';
import './input-form/input-form.css';

type Props = { params: readonly QueryParam[]; onChange: (params: QueryParam[]) => void };

/** A default typed as the parameter's type: "10" stays a number for a number parameter. */
function typedDefault(type: QueryParam['type'], text: string): QueryParam['default'] {
  if (text === '') return undefined;
  if (type === 'boolean') return text === 'true';
  if (type === 'number' || type === 'integer') {
    const number = Number(text);
    return Number.isFinite(number) ? number : text;
  }
  return text;
}

const showDefault = (value: QueryParam['default']): string => (value === undefined ? '' : String(value));

/** A parameter as a row of the input form. */
function asField({ default: _default, ...param }: QueryParam): InputField {
  return param;
}

/** A row back as a parameter; its default stays while its type does. */
function asParam(field: InputField, before: QueryParam | undefined): QueryParam {
  const { fields: _fields, items: _items, acceptOthers: _others, ...rest } = field;
  const param = { ...rest, type: field.type as QueryParam['type'] } as QueryParam;
  if (param.example !== undefined && typeof param.example === 'object') delete param.example;
  if (before?.default !== undefined && before.type === param.type) param.default = before.default;
  return param;
}

/** The declared query parameters, in the input form's table: type, required, and in each row's details format, bounds, allowed values, example and default. */
export function QueryParamsEditor({ params, onChange }: Props) {
  const fields = useMemo(() => params.map(asField), [params]);
  const problems = useMemo(() => formProblems(fields), [fields]);
  const setDefault = (index: number, value: QueryParam['default']): void =>
    onChange(
      params.map((param, at) => {
        if (at !== index) return param;
        const { default: _default, ...rest } = param;
        return value === undefined ? rest : { ...rest, default: value };
      }),
    );

  return (
    <div className="query-params">
      {params.length === 0 ? <p className="field-help">No query parameters declared. Declared ones are typed and checked before the flow runs, and complete as request.query.&lt;name&gt;.</p> : null}
      <InputFieldsTable
        fields={fields}
        onChange={(next) => onChange(next.map((field, index) => asParam(field, params[index])))}
        problems={problems}
        types={QUERY_PARAM_TYPES}
        noun="query parameter"
        testId="query-form"
        detail={(index) => {
          const param = params[index];
          if (!param) return null;
          return (
            <label>
              <span>Default</span>
              {param.type === 'boolean' ? (
                <select className="select" aria-label={`Default of ${param.name}`} value={showDefault(param.default)} onChange={(event) => setDefault(index, typedDefault('boolean', event.target.value))}>
                  <option value="">none</option>
                  <option value="true">true</option>
                  <option value="false">false</option>
                </select>
              ) : (
                <TextCell value={param.default} read={(text) => typedDefault(param.type, text)} show={showDefault} onChange={(value) => setDefault(index, value)} label={`Default of ${param.name}`} placeholder="none: absent stays absent" />
              )}
            </label>
          );
        }}
      />
    </div>
  );
}
