import type { RuleValue } from '../../../shared/rules.js';

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * A typed value as the rule keeps it: 18 is a number, true/false/null are themselves, anything else is
 * text; quotes make text of what would be read otherwise ("18").
 */
export function valueFromText(text: string): RuleValue {
  const trimmed = text.trim();
  if (NUMBER.test(trimmed) && Number.isFinite(Number(trimmed))) return Number(trimmed);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  if (trimmed === 'null') return null;
  if (/^".*"$/s.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as string;
    } catch {
      return text;
    }
  }
  return text;
}

/** What the value box shows for a value: the inverse of valueFromText. */
export function textOfValue(value: RuleValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return valueFromText(value) === value ? value : JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return value.field;
  return String(value);
}

/** How the value is read, shown beside it so "18" and 18 never surprise. */
export function valueKind(value: RuleValue | undefined): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'field';
  return typeof value === 'string' ? 'text' : typeof value === 'number' ? 'number' : 'yes/no';
}
