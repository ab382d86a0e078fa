import { useMemo } from 'react';
import { ruleProblems } from '../../../shared/rules-read.js';
import { MAX_RULES, type ConditionRules, type Rule } from '../../../shared/rules.js';
import type { KnownField } from './known-fields.js';
import { RuleRow } from './RuleRow.js';

type Props = { value: ConditionRules; onChange: (rules: ConditionRules) => void; fields: readonly KnownField[] };

/** A fresh rule checks the first body field the flow knows, else nothing yet. */
const newRule = (fields: readonly KnownField[]): Rule => ({ field: fields.find((field) => field.path.startsWith('request.body.'))?.path ?? '', operator: 'equals', value: '' });

/** Rules joined by all or any: the Condition's true port when they hold, false otherwise. */
export function RuleEditor({ value, onChange, fields }: Props) {
  const problems = useMemo(() => ruleProblems(value), [value]);
  const joiner = value.match === 'all' ? 'and' : 'or';
  const update = (index: number, rule: Rule): void => onChange({ ...value, rules: value.rules.map((other, at) => (at === index ? rule : other)) });

  return (
    <div className="rule-editor" data-testid="rule-editor">
      <div className="rule-match">
        True when
        <select className="select" aria-label="Match" value={value.match} onChange={(event) => onChange({ ...value, match: event.target.value as ConditionRules['match'] })} data-testid="rule-match">
          <option value="all">all</option>
          <option value="any">any</option>
        </select>
        of these rules hold, false otherwise.
      </div>
      {value.rules.length === 0 ? <p className="field-help">No rules yet: add one to say when the flow takes the true port.</p> : null}
      <ol className="rule-list">
        {value.rules.map((rule, index) => [
          index > 0 ? (
            <li key={`join-${index}`} className="rule-joiner" aria-hidden>
              {joiner}
            </li>
          ) : null,
          <RuleRow
            key={index}
            rule={rule}
            index={index}
            fields={fields}
            problems={problems.filter((problem) => problem.index === index)}
            onChange={(next) => update(index, next)}
            onRemove={() => onChange({ ...value, rules: value.rules.filter((_, at) => at !== index) })}
          />,
        ])}
      </ol>
      <button type="button" className="btn btn-sm" disabled={value.rules.length >= MAX_RULES} onClick={() => onChange({ ...value, rules: [...value.rules, newRule(fields)] })} data-testid="add-rule">
        + Add rule
      </button>
    </div>
  );
}
