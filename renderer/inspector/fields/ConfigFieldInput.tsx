import { entryNameRule, type ConfigField } from '../../../shared/nodes/fields.js';
import type { ExpressionScope } from '../code/completion.js';
import { ExpressionEditor } from '../code/ExpressionEditor.js';
import { SchemaFormField } from '../input-form/SchemaFormField.js';
import { ConditionField } from '../rules/ConditionField.js';
import { ExpressionMapField } from './ExpressionMapField.js';
import { NumberInput } from './NumberInput.js';

type Props = {
  field: ConfigField;
  value: unknown;
  onChange: (value: unknown) => void;
  scope: ExpressionScope;
  /** The compiler's messages about this field. */
  problems: readonly string[];
};

const HEADER_ENTRY = { stem: 'X-Header', noun: 'header' } as const;
const FIELD_ENTRY = { stem: 'field', noun: 'field' } as const;

const asRecord = <T,>(value: unknown, fallback: T): T => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as T) : fallback);

/** One declarative config field drawn as its kind's input. */
export function ConfigFieldInput({ field, value, onChange, scope, problems }: Props) {
  const id = `field-${field.name}`;
  const patternError = field.kind === 'text' && field.pattern && typeof value === 'string' && value !== '' && !field.pattern.regex.test(value) ? field.pattern.message : null;
  const input = (() => {
    switch (field.kind) {
      case 'expression':
        return <ExpressionEditor label={field.label} value={typeof value === 'string' ? value : ''} onChange={onChange} scope={scope} placeholder={field.placeholder} invalid={problems.length > 0} />;
      case 'text':
        return (
          <input id={id} className={`input ${patternError || problems.length ? 'invalid' : ''}`} value={typeof value === 'string' ? value : ''} placeholder={field.placeholder} onChange={(event) => onChange(event.target.value)} />
        );
      case 'integer':
        return <NumberInput label={field.label} value={typeof value === 'number' ? value : undefined} min={field.min} max={field.max} onChange={onChange} testId={id} />;
      case 'boolean':
        return (
          <label className="checkbox">
            <input id={id} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />
            {field.help ?? field.label}
          </label>
        );
      case 'select':
        return (
          <select
            id={id}
            className="select"
            value={String(value)}
            onChange={(event) => onChange(field.options.find((option) => String(option.value) === event.target.value)?.value ?? event.target.value)}
          >
            {field.options.map((option) => (
              <option key={String(option.value)} value={String(option.value)}>
                {option.label}
              </option>
            ))}
          </select>
        );
      case 'expressionMap':
      case 'headerMap':
        return (
          <ExpressionMapField
            label={field.label}
            value={asRecord<Record<string, string>>(value, {})}
            onChange={onChange}
            scope={scope}
            entry={field.kind === 'headerMap' ? HEADER_ENTRY : FIELD_ENTRY}
            nameRule={entryNameRule(field)}
          />
        );
      case 'jsonSchema':
        return <SchemaFormField schema={asRecord<Record<string, unknown>>(value, {})} onChange={onChange} label={field.label} testId={`schema-form-${field.name}`} />;
      case 'condition':
        return <ConditionField label={field.label} value={value} onChange={onChange} scope={scope} problems={problems} />;
    }
  })();

  return (
    <div className="field" data-field={field.name}>
      {field.kind !== 'boolean' ? (
        <label className="field-label" htmlFor={id}>
          {field.label}
          {field.required ? <span className="required-mark" aria-label="required"> *</span> : null}
        </label>
      ) : null}
      {input}
      {field.kind === 'text' ? (
        <span className="field-kind-note" data-testid="literal-note">
          <span className="literal-badge">Aa</span>
          Taken literally, as typed: not an expression
        </span>
      ) : null}
      {patternError ? <span className="field-error">{patternError}</span> : null}
      {/* The condition's rows show their own problems. */}
      {(field.kind === 'condition' ? [] : problems).map((problem) => (
        <span key={problem} className="field-error">
          {problem}
        </span>
      ))}
      {field.help && field.kind !== 'boolean' ? <span className="field-help">{field.help}</span> : null}
    </div>
  );
}
