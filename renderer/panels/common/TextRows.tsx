import { Icon } from '../../theme/icons.js';

type Props = {
  rows: string[];
  onChange: (rows: string[]) => void;
  /** Why a row's text is not acceptable, or null. */
  problem: (text: string) => string | null;
  label: string;
  placeholder?: string;
  addLabel: string;
  testId?: string;
};

/** One short value per row (an IP range), each checked as it is typed. */
export function TextRows({ rows, onChange, problem, label, placeholder, addLabel, testId }: Props) {
  return (
    <div className="rows-editor" data-testid={testId}>
      {rows.map((row, index) => {
        const error = row.trim() === '' ? null : problem(row.trim());
        return (
          <div key={index} className="rows-editor-row">
            <div className="text-row">
              <input
                className={`input mono ${error ? 'invalid' : ''}`}
                value={row}
                placeholder={placeholder}
                aria-label={`${label} ${index + 1}`}
                aria-invalid={error ? true : undefined}
                onChange={(event) => onChange(rows.map((other, at) => (at === index ? event.target.value : other)))}
              />
              <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label={`Remove ${row || `${label} ${index + 1}`}`} title="Remove" onClick={() => onChange(rows.filter((_row, at) => at !== index))}>
                <Icon name="x" />
              </button>
            </div>
            {error ? <span className="field-error">{error}</span> : null}
          </div>
        );
      })}
      <button type="button" className="btn btn-sm btn-ghost rows-editor-add" onClick={() => onChange([...rows, ''])}>
        <Icon name="plus" /> {addLabel}
      </button>
    </div>
  );
}
