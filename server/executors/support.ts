/** Runs `next` now when the value is ready, so synchronous nodes never allocate a promise. */
export function after<R>(value: unknown, next: (value: unknown) => R): R | Promise<R> {
  return value instanceof Promise ? (value.then(next) as Promise<R>) : next(value);
}

/** For places that need text (headers, messages): strings as they are, anything else as JSON. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '';
}

/** Header values as text; absent values (undefined, null) drop the header. */
export function asHeaders(values: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of Object.keys(values)) {
    const value = values[name];
    if (value !== undefined && value !== null) headers[name] = asText(value);
  }
  return headers;
}

/** A short, single-line rendering of a value for error messages. */
export function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = asText(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
