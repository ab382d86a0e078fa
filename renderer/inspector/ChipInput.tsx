import { useId, useState } from 'react';

type Props = {
  values: readonly string[];
  onChange: (values: string[]) => void;
  placeholder?: string;
  /** Suggestions offered while typing; with `labels`, chips show a name for each value. */
  options?: readonly { value: string; label: string }[];
  /** Why a value cannot be added, or null when it can. */
  validate?: (value: string) => string | null;
  label: string;
  testId?: string;
};

/** A list of short values as chips: Enter or comma adds, Backspace in the empty field removes the last. */
export function ChipInput({ values, onChange, placeholder, options, validate, label, testId }: Props) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const listId = useId();
  const labelOf = (value: string): string => options?.find((option) => option.value === value)?.label ?? value;

  const add = (raw: string): void => {
    const typed = raw.trim();
    if (!typed) return;
    const value = options?.find((option) => option.label === typed)?.value ?? typed;
    const problem = validate?.(value) ?? null;
    if (problem) return setError(problem);
    if (!values.includes(value)) onChange([...values, value]);
    setDraft('');
    setError(null);
  };

  return (
    <div className="field">
      <div className="chip-input" data-testid={testId}>
        {values.map((value) => (
          <span key={value} className="chip">
            {labelOf(value)}
            <button type="button" aria-label={`Remove ${labelOf(value)}`} onClick={() => onChange(values.filter((other) => other !== value))}>
              ×
            </button>
          </span>
        ))}
        <input
          className="chip-input-field"
          value={draft}
          aria-label={label}
          placeholder={values.length === 0 ? placeholder : ''}
          list={options ? listId : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            setError(null);
          }}
          onBlur={() => add(draft)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' || event.key === ',') {
              event.preventDefault();
              add(draft);
            } else if (event.key === 'Backspace' && draft === '' && values.length > 0) {
              onChange(values.slice(0, -1));
            }
          }}
        />
        {options ? (
          <datalist id={listId}>
            {options.filter((option) => !values.includes(option.value)).map((option) => (
              <option key={option.value} value={option.label} />
            ))}
          </datalist>
        ) : null}
      </div>
      {error ? <span className="field-error">{error}</span> : null}
    </div>
  );
}
