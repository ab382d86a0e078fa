import type { EnumValue, InputType } from '../../../shared/input-form.js';

const isNumeric = (type: InputType): boolean => type === 'number' || type === 'integer';

/** A bound as typed: empty is none; text that is not a number is kept as NaN, which the form reports. */
export function boundFromText(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text.trim());
}

/** "free, team" → ["free", "team"]; numbers for number fields; empty → none. */
export function enumFromText(text: string, type: InputType): EnumValue[] | undefined {
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (items.length === 0) return undefined;
  return items.map((item) => (isNumeric(type) && item !== '' && Number.isFinite(Number(item)) ? Number(item) : item));
}

export const enumText = (values: readonly EnumValue[] | undefined): string => (values ?? []).join(', ');

/** An example in the field's type: text as typed, numbers and yes/no read, lists and objects as JSON. Text that does not read stays text (and is reported). */
export function exampleFromText(text: string, type: InputType): unknown {
  if (text.trim() === '') return undefined;
  switch (type) {
    case 'string':
      return text;
    case 'number':
    case 'integer':
      return Number.isFinite(Number(text.trim())) ? Number(text.trim()) : text;
    case 'boolean':
      return text.trim() === 'true' ? true : text.trim() === 'false' ? false : text;
    default:
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
  }
}

export function exampleText(value: unknown, type: InputType): string {
  if (value === undefined) return '';
  if (typeof value === 'string' && (type === 'string' || typeof value !== 'object')) return value;
  return JSON.stringify(value);
}
