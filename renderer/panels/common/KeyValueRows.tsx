import { Icon } from '../../theme/icons.js';

export type KeyValueRow = { key: string; value: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why a variable name cannot be used, or null. Flows read it as `<prefix>.<name>`, so it must be an identifier. */
export function variableNameProblem(rows: readonly KeyValueRow[], index: number): string | null {
  const key = rows[index]?.key.trim() ?? '';
  if (key === '') return rows[index]?.value ? 'Give the variable a name' : null;
  if (!IDENTIFIER.test(key)) return 'Letters, digits and _, not starting with a digit';
  if (rows.findIndex((row) => row.key.trim() === key) !== index) return 'This name is used twice';
  return null;
}

export function rowsFromRecord(vars: Record<string, string>): KeyValueRow[] {
  return Object.entries(vars).map(([key, value]) => ({ key, value }));
}

/** Named rows into a record; rows without a name are left out. */
export function recordFromRows(rows: readonly KeyValueRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((row) => row.key.trim() !== '').map((row) => [row.key.trim(), row.value]));
}

export const rowsValid = (rows: readonly KeyValueRow[]): boolean => rows.every((_row, index) => variableNameProblem(rows, index) === null);

type Props = { rows: KeyValueRow[]; onChange: (rows: KeyValueRow[]) => void; label: string; keyPlaceholder?: string; valuePlaceholder?: string; testId?: string };

/** Name / value rows with add and remove; names are checked as the user types. */
export function KeyValueRows({ rows, onChange, label, keyPlaceholder = 'name', valuePlaceholder = 'value', testId }: Props) {
  const update = (index: number, patch: Partial<KeyValueRow>): void => onChange(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  return (
    <div className="rows-editor" data-testid={testId}>
      {rows.map((row, index) => {
        const problem = variableNameProblem(rows, index);
        return (
          <div key={index} className="rows-editor-row">
            <div className="kv-pair">
              <input className={`input mono ${problem ? 'invalid' : ''}`} value={row.key} placeholder={keyPlaceholder} aria-label={`${label} ${index + 1} name`} aria-invalid={problem ? true : undefined} onChange={(event) => update(index, { key: event.target.value })} />
              <input className="input" value={row.value} placeholder={valuePlaceholder} aria-label={`${label} ${index + 1} value`} onChange={(event) => update(index, { value: event.target.value })} />
              <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label={`Remove ${label.toLowerCase()} ${row.key || index + 1}`} title="Remove" onClick={() => onChange(rows.filter((_row, at) => at !== index))}>
                <Icon name="x" />
              </button>
            </div>
            {problem ? <span className="field-error">{problem}</span> : null}
          </div>
        );
      })}
      <button type="button" className="btn btn-sm btn-ghost rows-editor-add" onClick={() => onChange([...rows, { key: '', value: '' }])}>
        <Icon name="plus" /> Add {label.toLowerCase()}
      </button>
    </div>
  );
}
