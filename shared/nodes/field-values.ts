import { isRuleSet } from '../rules.js';
import type { ConfigField } from './fields.js';

/** Why a value does not fit its field, as the end of a sentence that starts with the field's name. */
export type FieldValueProblem = { code: 'required_field' | 'invalid_value'; rule: string };

const isEmpty = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether a value is of its field's kind (and within its pattern, range or options). The compiler
 * and the server's executors both ask this one function, so what publishes is what runs.
 * Expressions and schemas are only checked for shape here; parsing them is each side's own work.
 */
export function fieldValueProblem(field: ConfigField, value: unknown): FieldValueProblem | null {
  if (isEmpty(value)) {
    if (field.required) return { code: 'required_field', rule: 'is required' };
    // An empty optional expression or text means "none".
    if (typeof value === 'string' && (field.kind === 'expression' || field.kind === 'text')) return null;
  }
  const rule = kindRule(field, value);
  return rule === null ? null : { code: 'invalid_value', rule };
}

function kindRule(field: ConfigField, value: unknown): string | null {
  switch (field.kind) {
    case 'expression':
      return typeof value === 'string' ? null : 'must be a JSONata expression (text)';
    case 'text':
      if (typeof value !== 'string') return 'must be text';
      return field.pattern && !field.pattern.regex.test(value) ? `is not valid: ${field.pattern.message}` : null;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number';
      if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max)) return `must be ${range(field.min, field.max)}`;
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'select':
      if (field.options.some((option) => option.value === value)) return null;
      return `must be one of ${field.options.map((option) => JSON.stringify(option.value)).join(', ')}`;
    case 'expressionMap':
    case 'headerMap':
      if (!isPlainObject(value)) return `must be an object of ${field.kind === 'headerMap' ? 'header names' : 'names'} to JSONata expressions`;
      return Object.values(value).every((source) => typeof source === 'string') ? null : 'must map each name to a JSONata expression (text)';
    case 'jsonSchema':
      return isPlainObject(value) ? null : 'must be a JSON Schema object, like {"type": "object"}';
    case 'condition':
      return typeof value === 'string' || isRuleSet(value) ? null : 'must be a JSONata expression (text) or rules ({"match": "all", "rules": [{"field", "operator", "value"}]})';
  }
}

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${String(max)}`;
}
