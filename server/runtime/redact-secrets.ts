/** What a secret's value becomes wherever it would be shown: traces, Draft answers, logs, error messages. */
export const REDACTED = '[secret]';
/** Deeper than any flow output; past it a value is dropped rather than walked. */
const MAX_DEPTH = 64;

export type Redact = <T>(value: T) => T;

const unchanged: Redact = (value) => value;

/**
 * Replaces every occurrence of the secret values, inside strings and object keys, anywhere in a
 * JSON-like value; the longest first, so a secret containing another is hidden whole.
 */
export function secretRedactor(secrets: Iterable<string>): Redact {
  const values = [...new Set(secrets)].filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
  if (values.length === 0) return unchanged;
  const text = (input: string): string => {
    let output = input;
    for (const secret of values) if (output.includes(secret)) output = output.split(secret).join(REDACTED);
    return output;
  };
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return text(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_DEPTH) return REDACTED;
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(copy, text(key), { value: walk(item, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return copy;
  };
  return <T,>(value: T): T => walk(value, 0) as T;
}
