/**
 * The JSONata functions builders call most, in plain JavaScript for the compiled subset
 * (fast-expressions.ts). Each gives exactly what JSONata 2 gives, or FALLBACK where its rules get
 * subtle (hex numbers, type errors, non-finite numbers), and JSONata then answers. None loops beyond
 * one pass over its argument, so they need no deadline checks.
 */

export const FALLBACK = Symbol('fallback');
type Result = unknown;

/** JSONata formats fractional numbers in $string with 15 significant digits (integers as they are). */
const STRING_PRECISION = 15;
/** The decimal forms $number accepts (JSONata 2's own pattern); hex, octal and binary are left to JSONata. */
const DECIMAL = /^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$/;

const asJsonataNumber = (value: number): number => (Number.isInteger(value) ? value : Number(value.toPrecision(STRING_PRECISION)));
const fifteenDigits = (_key: string, value: unknown): unknown => (typeof value === 'number' && Number.isFinite(value) ? asJsonataNumber(value) : value);

function string(value: unknown): Result {
  if (value === undefined || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(asJsonataNumber(value)) : FALLBACK;
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return JSON.stringify(value, fifteenDigits);
  return FALLBACK;
}

function number(value: unknown): Result {
  if (value === undefined || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && DECIMAL.test(value)) {
    const parsed = parseFloat(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  return FALLBACK;
}

const lowercase = (value: unknown): Result => (value === undefined ? undefined : typeof value === 'string' ? value.toLowerCase() : FALLBACK);
const uppercase = (value: unknown): Result => (value === undefined ? undefined : typeof value === 'string' ? value.toUpperCase() : FALLBACK);

/** JSONata counts code points, not UTF-16 units: "😀" is 1. */
function length(value: unknown): Result {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return FALLBACK;
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    count++;
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return count;
}

/** JSONata's $substring: code points, a negative start counts from the end, a length of 0 or less is "". */
function substring(value: unknown, start: unknown, size?: unknown): Result {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || typeof start !== 'number' || !Number.isFinite(start)) return FALLBACK;
  if (size !== undefined && (typeof size !== 'number' || !Number.isFinite(size))) return FALLBACK;
  const points = Array.from(value);
  const from = points.length + start < 0 ? 0 : start;
  if (size === undefined) return points.slice(from).join('');
  if (size <= 0) return '';
  const end = from >= 0 ? from + size : points.length + from + size;
  return points.slice(from, end).join('');
}

const exists = (value: unknown): Result => value !== undefined;

/** By name (without `$`): how many arguments each takes here, and what it does with them. */
export const FAST_FUNCTIONS: Readonly<Record<string, { arities: readonly number[]; call: (...args: unknown[]) => Result }>> = {
  string: { arities: [1], call: string },
  number: { arities: [1], call: number },
  lowercase: { arities: [1], call: lowercase },
  uppercase: { arities: [1], call: uppercase },
  length: { arities: [1], call: length },
  substring: { arities: [2, 3], call: substring },
  exists: { arities: [1], call: exists },
};
