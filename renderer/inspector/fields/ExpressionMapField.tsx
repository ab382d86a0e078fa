import { useState } from 'react';
import type { ExpressionScope } from '../code/completion.js';
import { ExpressionEditor } from '../code/ExpressionEditor.js';

type Props = {
  value: Record<string, string>;
  onChange: (value: Record<string, string>) => void;
  scope: ExpressionScope;
  /** What an entry is called: the stem of a new entry's name and the noun on the add button. */
  entry: { stem: string; noun: string };
  /** The rule entry names follow (header names for a header map), checked as the builder types. */
  nameRule: { regex: RegExp; message: string };
  label: string;
};

const renamed = (value: Record<string, string>, from: string, to: string): Record<string, string> =>
  Object.fromEntries(Object.entries(value).map(([name, source]) => [name === from ? to : name, source]));

const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Named expressions as rows: a name on the left, its JSONata on the right. Order is kept. */
export function ExpressionMapField({ value, onChange, scope, entry, nameRule, label }: Props) {
  const [renaming, setRenaming] = useState<{ from: string; text: string } | null>(null);
  const entries = Object.entries(value);
  const nextName = (): string => {
    for (let n = entries.length + 1; ; n++) if (!(`${entry.stem}${n}` in value)) return `${entry.stem}${n}`;
  };
  const clash = renaming && renaming.text !== renaming.from && renaming.text in value;
  const badName = renaming && renaming.text.trim() !== '' && !nameRule.regex.test(renaming.text.trim());

  const commitName = (): void => {
    if (!renaming) return;
    const text = renaming.text.trim();
    if (text && !(text in value && text !== renaming.from)) onChange(renamed(value, renaming.from, text));
    setRenaming(null);
  };

  return (
    <div className="expression-map">
      {entries.map(([name, source]) => {
        const shown = renaming?.from === name ? renaming.text : name;
        return (
          <div key={name} className="expression-map-row">
            <input
              className={`input mono expression-map-name ${nameRule.regex.test(shown.trim()) ? '' : 'invalid'}`}
              aria-label={`${label}: name`}
              value={shown}
              onFocus={() => setRenaming({ from: name, text: name })}
              onChange={(event) => setRenaming({ from: name, text: event.target.value })}
              onBlur={commitName}
              onKeyDown={(event) => event.key === 'Enter' && commitName()}
            />
            <div className="grow">
              <ExpressionEditor label={`${label}: ${name}`} value={source} scope={scope} onChange={(next) => onChange({ ...value, [name]: next })} />
            </div>
            <button
              type="button"
              className="btn btn-ghost btn-sm btn-icon"
              aria-label={`Remove ${name}`}
              title="Remove"
              onClick={() => onChange(Object.fromEntries(entries.filter(([other]) => other !== name)))}
            >
              ×
            </button>
          </div>
        );
      })}
      {clash ? <span className="field-error">“{renaming.text}” is used already</span> : null}
      {badName && !clash ? <span className="field-error">{sentence(nameRule.message)}</span> : null}
      <button type="button" className="btn btn-sm" onClick={() => onChange({ ...value, [nextName()]: '' })}>
        + Add {entry.noun}
      </button>
    </div>
  );
}
