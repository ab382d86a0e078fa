/** JSON text with object keys sorted and null or undefined fields left out: how two sides of a conflict compare. */
export function canonical(value: unknown): string {
  return JSON.stringify(normalized(value)) ?? 'undefined';
}

function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalized);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== null && field !== undefined) out[key] = normalized(field);
  }
  return out;
}

export const sameValue = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/** How long a value may be shown in a side-by-side cell before it is cut. */
const MAX_SHOWN_CHARS = 120;

/** A value as a side-by-side cell shows it: text as is, anything else as compact JSON, "—" for nothing. */
export function shownValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS - 1)}…` : text;
}
