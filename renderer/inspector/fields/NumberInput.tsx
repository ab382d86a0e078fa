import { useEffect, useState } from 'react';

type Props = {
  value: number | undefined;
  onChange: (value: number) => void;
  min?: number;
  max?: number;
  label: string;
  className?: string;
  testId?: string;
};

/** A whole number typed freely: the draft changes only when the text is a whole number; range errors show beside it. */
export function NumberInput({ value, onChange, min, max, label, className, testId }: Props) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    setText((current) => (Number(current) === value && current.trim() !== '' ? current : value === undefined ? '' : String(value)));
  }, [value]);
  const parsed = text.trim() === '' ? NaN : Number(text);
  const notWhole = !Number.isInteger(parsed);
  const outOfRange = !notWhole && ((min !== undefined && parsed < min) || (max !== undefined && parsed > max));
  const problem = notWhole ? 'Enter a whole number' : outOfRange ? rangeText(min, max) : null;

  return (
    <>
      <input
        className={`input ${problem ? 'invalid' : ''} ${className ?? ''}`}
        inputMode="numeric"
        value={text}
        aria-label={label}
        aria-invalid={problem ? true : undefined}
        data-testid={testId}
        onChange={(event) => {
          setText(event.target.value);
          const next = Number(event.target.value);
          if (event.target.value.trim() !== '' && Number.isInteger(next)) onChange(next);
        }}
      />
      {problem ? <span className="field-error">{problem}</span> : null}
    </>
  );
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `Between ${min} and ${max}`;
  return min !== undefined ? `At least ${min}` : `At most ${String(max)}`;
}
