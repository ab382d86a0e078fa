import type { RuleProblem } from '../../../shared/rules-read.js';
import { OPERATOR_LABELS, RULE_OPERATORS, UNARY_OPERATORS, type Rule, type RuleValue } from '../../../shared/rules.js';
import { Icon } from '../../theme/icons.js';
import { FieldPicker } from './FieldPicker.js';
import type { KnownField } from './known-fields.js';
import { textOfValue, valueFromText, valueKind } from './value-text.js';

type Props = {
  rule: Rule;
  index: number;
  fields: readonly KnownField[];
  problems: readonly RuleProblem[];
  onChange: (rule: Rule) => void;
  onRemove: () => void;
};

const isFieldValue = (value: RuleValue | undefined): value is { field: string } => typeof value === 'object' && value !== null;

/** One rule: the field it checks, how, and against what (a value typed in, or another field). */
export function RuleRow({ rule, index, fields, problems, onChange, onRemove }: Props) {
  const unary = UNARY_OPERATORS.has(rule.operator);
  const fieldProblem = problems.find((problem) => problem.part === 'field');
  const valueProblem = problems.find((problem) => problem.part === 'value');
  const setOperator = (operator: Rule['operator']): void => {
    if (UNARY_OPERATORS.has(operator)) onChange({ field: rule.field, operator });
    else onChange({ field: rule.field, operator, value: rule.value ?? '' });
  };
  const value = rule.value;

  return (
    <li className="rule-row" data-testid={`rule-${index}`}>
      <div className="rule-row-line">
        <FieldPicker value={rule.field} onChange={(field) => onChange({ ...rule, field })} fields={fields} label={`Rule ${index + 1} field`} invalid={Boolean(fieldProblem)} testId={`rule-${index}-field`} />
        <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label={`Remove rule ${index + 1}`} onClick={onRemove}>
          <Icon name="trash" size={14} />
        </button>
      </div>
      <div className="rule-row-line">
        <select className="select rule-operator" aria-label={`Rule ${index + 1} operator`} value={rule.operator} onChange={(event) => setOperator(event.target.value as Rule['operator'])} data-testid={`rule-${index}-operator`}>
          {RULE_OPERATORS.map((operator) => (
            <option key={operator} value={operator}>
              {OPERATOR_LABELS[operator]}
            </option>
          ))}
        </select>
        {unary ? null : isFieldValue(value) ? (
          <FieldPicker value={value.field} onChange={(field) => onChange({ ...rule, value: { field } })} fields={fields} label={`Rule ${index + 1} value field`} invalid={Boolean(valueProblem)} testId={`rule-${index}-value-field`} />
        ) : (
          <label className={`rule-value ${valueProblem ? 'invalid' : ''}`}>
            <input
              className="input"
              aria-label={`Rule ${index + 1} value`}
              placeholder={rule.operator === 'matches' ? 'pattern, e.g. ^[A-Z]' : 'value'}
              value={textOfValue(value)}
              data-testid={`rule-${index}-value`}
              // A pattern is always text; elsewhere 18 is a number and "18" text.
              onChange={(event) => onChange({ ...rule, value: rule.operator === 'matches' ? event.target.value : valueFromText(event.target.value) })}
            />
            {rule.operator === 'matches' ? null : <span className="rule-value-kind">{valueKind(value)}</span>}
          </label>
        )}
        {unary ? null : (
          <button
            type="button"
            className={`btn btn-ghost btn-sm btn-icon ${isFieldValue(value) ? 'active' : ''}`}
            title={isFieldValue(value) ? 'Compare with a value typed in' : 'Compare with another field'}
            aria-label={isFieldValue(value) ? `Rule ${index + 1}: compare with a value` : `Rule ${index + 1}: compare with a field`}
            aria-pressed={isFieldValue(value)}
            onClick={() => onChange({ ...rule, value: isFieldValue(value) ? '' : { field: '' } })}
          >
            <Icon name="route" size={14} />
          </button>
        )}
      </div>
      {fieldProblem ? <span className="field-error">{fieldProblem.message}</span> : null}
      {valueProblem ? <span className="field-error">{valueProblem.message}</span> : null}
    </li>
  );
}
