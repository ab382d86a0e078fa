import { QUERY_PARAM_TYPES, type QueryParam } from '../../shared/model/api.js';

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

const withoutDefault = ({ default: _default, ...param }: QueryParam): QueryParam => param;

/** The declared query parameters: name, type, required, default. */
export function QueryParamsEditor({ params, onChange }: Props) {
  const update = (index: number, patch: Partial<QueryParam>): void => onChange(params.map((param, at) => (at === index ? { ...param, ...patch } : param)));
  const names = params.map((param) => param.name);

  return (
    <div className="query-params">
      {params.length > 0 ? (
        <div className="query-grid">
          <span className="field-label">Name</span>
          <span className="field-label">Type</span>
          <span className="field-label">Required</span>
          <span className="field-label">Default</span>
          <span />
          {params.map((param, index) => {
            const duplicate = param.name !== '' && names.indexOf(param.name) !== index;
            return [
              <input
                key={`name-${index}`}
                className={`input mono ${param.name === '' || duplicate ? 'invalid' : ''}`}
                aria-label="Query parameter name"
                title={duplicate ? 'This name is declared twice' : undefined}
                value={param.name}
                onChange={(event) => update(index, { name: event.target.value.trim() })}
              />,
              <select
                key={`type-${index}`}
                className="select"
                aria-label="Type"
                value={param.type}
                onChange={(event) => {
                  const type = event.target.value as QueryParam['type'];
                  const next = { ...withoutDefault(param), type };
                  const value = typedDefault(type, param.default === undefined ? '' : String(param.default));
                  onChange(params.map((other, at) => (at === index ? (value === undefined ? next : { ...next, default: value }) : other)));
                }}
              >
                {QUERY_PARAM_TYPES.map((type) => (
                  <option key={type}>{type}</option>
                ))}
              </select>,
              <input key={`required-${index}`} type="checkbox" aria-label="Required" checked={param.required} onChange={(event) => update(index, { required: event.target.checked })} />,
              param.type === 'boolean' ? (
                <select
                  key={`default-${index}`}
                  className="select"
                  aria-label="Default"
                  value={param.default === undefined ? '' : String(param.default)}
                  onChange={(event) => onChange(params.map((other, at) => (at === index ? setDefault(param, typedDefault('boolean', event.target.value)) : other)))}
                >
                  <option value="">none</option>
                  <option value="true">true</option>
                  <option value="false">false</option>
                </select>
              ) : (
                <input
                  key={`default-${index}`}
                  className="input"
                  aria-label="Default"
                  placeholder="none"
                  value={param.default === undefined ? '' : String(param.default)}
                  onChange={(event) => onChange(params.map((other, at) => (at === index ? setDefault(param, typedDefault(param.type, event.target.value)) : other)))}
                />
              ),
              <button key={`remove-${index}`} type="button" className="btn btn-ghost btn-sm btn-icon" aria-label={`Remove ${param.name}`} onClick={() => onChange(params.filter((_, at) => at !== index))}>
                ×
              </button>,
            ];
          })}
        </div>
      ) : (
        <p className="field-help">No query parameters declared. Declared ones are typed and checked before the flow runs, and complete as request.query.&lt;name&gt;.</p>
      )}
      <button type="button" className="btn btn-sm" onClick={() => onChange([...params, { name: `param${params.length + 1}`, type: 'string', required: false }])}>
        + Add query parameter
      </button>
    </div>
  );
}

const setDefault = (param: QueryParam, value: QueryParam['default']): QueryParam => (value === undefined ? withoutDefault(param) : { ...param, default: value });
