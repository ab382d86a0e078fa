import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { matchingFields, type KnownField } from './known-fields.js';

type Props = {
  value: string;
  onChange: (path: string) => void;
  fields: readonly KnownField[];
  label: string;
  placeholder?: string;
  invalid?: boolean;
  testId?: string;
};

/** Shown at once; the rest come by typing. */
const MAX_SHOWN = 60;

/** A path typed or picked from the fields the flow knows here, each with what it holds. */
export function FieldPicker({ value, onChange, fields, label, placeholder = 'Pick a field', invalid, testId }: Props) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const shown = useMemo(() => matchingFields(fields, filter ?? '').slice(0, MAX_SHOWN), [fields, filter]);

  const pick = (path: string): void => {
    onChange(path);
    setOpen(false);
    setFilter(null);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      setActive((at) => Math.max(0, Math.min(shown.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1))));
    } else if (event.key === 'Enter' && open && shown[active]) {
      event.preventDefault();
      pick(shown[active].path);
    } else if (event.key === 'Escape' && open) {
      event.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <div className="field-picker">
      <input
        className={`input mono ${invalid ? 'invalid' : ''}`}
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        placeholder={placeholder}
        value={value}
        data-testid={testId}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setFilter(null);
        }}
        onChange={(event) => {
          onChange(event.target.value);
          setFilter(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
      />
      {open && shown.length > 0 ? (
        <ul className="field-picker-list" id={listId} role="listbox" aria-label={`${label}: known fields`}>
          {shown.map((field, index) => (
            <li
              key={field.path}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'active' : undefined}
              data-path={field.path}
              // Before the input's blur, so the pick lands.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(field.path);
              }}
              onMouseEnter={() => setActive(index)}
            >
              <span className="mono grow">{field.path}</span>
              <span className="faint">{field.type}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
