import { useEffect, useState } from 'react';

type Props<T> = {
  value: T;
  /** Reads the text into a value; the draft changes on every keystroke. */
  read: (text: string) => T;
  show: (value: T) => string;
  onChange: (value: T) => void;
  label: string;
  placeholder?: string;
  invalid?: boolean;
  className?: string;
  testId?: string;
};

/** A cell typed as text and kept as a value: what is being typed stays as typed ("1." or "a, ") while it reads the same. */
export function TextCell<T>({ value, read, show, onChange, label, placeholder, invalid, className, testId }: Props<T>) {
  const [text, setText] = useState(() => show(value));
  useEffect(() => {
    setText((current) => (Object.is(read(current), value) || JSON.stringify(read(current)) === JSON.stringify(value) ? current : show(value)));
  }, [value, read, show]);
  return (
    <input
      className={`input ${invalid ? 'invalid' : ''} ${className ?? ''}`}
      aria-label={label}
      placeholder={placeholder}
      value={text}
      data-testid={testId}
      onChange={(event) => {
        setText(event.target.value);
        onChange(read(event.target.value));
      }}
    />
  );
}
