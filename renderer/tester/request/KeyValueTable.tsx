import { Icon } from '../../theme/icons.js';
import { newRow, type Row } from '../request-model.js';

type Props = {
  rows: Row[];
  onChange: (rows: Row[]) => void;
  /** "query parameter", "header": names the buttons and fields. */
  noun: string;
  namePlaceholder: string;
  testId: string;
  /** Help shown beside a row, by name (e.g. a declared query parameter's type). */
  hints?: Record<string, string>;
};

/** Name/value lines with a tick to send each one, for the query and the headers. */
export function KeyValueTable({ rows, onChange, noun, namePlaceholder, testId, hints }: Props) {
  const update = (id: string, patch: Partial<Row>): void => onChange(rows.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  return (
    <div className="kv-table" data-testid={testId}>
      {rows.length === 0 ? <p className="faint kv-empty">No {noun}s.</p> : null}
      {rows.map((row) => (
        <div key={row.id} className={`kv-line ${row.enabled ? '' : 'is-off'}`} data-name={row.name}>
          <input type="checkbox" checked={row.enabled} onChange={(event) => update(row.id, { enabled: event.target.checked })} aria-label={`Send ${row.name || noun}`} />
          <input className="input mono" placeholder={namePlaceholder} value={row.name} onChange={(event) => update(row.id, { name: event.target.value })} aria-label={`${noun} name`} />
          <input className="input mono" placeholder={hints?.[row.name] ?? 'value'} value={row.value} onChange={(event) => update(row.id, { value: event.target.value })} aria-label={`${row.name || noun} value`} />
          <button type="button" className="btn btn-ghost btn-sm btn-icon" onClick={() => onChange(rows.filter((other) => other.id !== row.id))} aria-label={`Remove ${row.name || noun}`} title="Remove">
            <Icon name="x" size={12} />
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-ghost btn-sm kv-add" onClick={() => onChange([...rows, newRow()])}>
        <Icon name="plus" /> Add {noun}
      </button>
    </div>
  );
}

/** One value per path parameter of the endpoint's path. */
export function ParamsTable({ params, onChange }: { params: Record<string, string>; onChange: (params: Record<string, string>) => void }) {
  const names = Object.keys(params);
  if (names.length === 0) return <p className="faint kv-empty">The path has no parameters.</p>;
  return (
    <div className="kv-table" data-testid="tester-params">
      {names.map((name) => (
        <label key={name} className="kv-line kv-param" data-name={name}>
          <span className="mono kv-param-name">:{name}</span>
          <input className={`input mono ${params[name] ? '' : 'invalid'}`} placeholder="required" value={params[name] ?? ''} onChange={(event) => onChange({ ...params, [name]: event.target.value })} data-testid={`tester-param-${name}`} />
        </label>
      ))}
    </div>
  );
}
