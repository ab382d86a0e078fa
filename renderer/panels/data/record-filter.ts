/** A browse filter as typed: `team = red, active = true`, or a JSON object. Answers the object, or what is wrong. */
export function parseRecordFilter(text: string): { filter: Record<string, unknown> } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { filter: {} };
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { filter: parsed as Record<string, unknown> };
    } catch {
      // fall through to the message below
    }
    return { error: 'A filter in braces must be a JSON object, e.g. {"team": "red"}' };
  }
  const filter: Record<string, unknown> = {};
  for (const part of splitTerms(trimmed)) {
    const at = part.indexOf('=');
    const field = at < 0 ? '' : part.slice(0, at).trim();
    if (!field) return { error: `"${part.trim()}" is not field = value` };
    Object.defineProperty(filter, field, { value: valueOf(part.slice(at + 1).trim()), enumerable: true, writable: true, configurable: true });
  }
  return { filter };
}

/** Splits on commas outside double quotes, so `name = "Lovelace, Ada"` stays one term. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      terms.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  terms.push(current);
  return terms.filter((term) => term.trim() !== '');
}

/** 42, true, null and "quoted text" are JSON values; anything else is the text itself. */
function valueOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The filter as the server takes it (a JSON object), or nothing when empty. */
export const filterQuery = (filter: Record<string, unknown>): string | undefined => (Object.keys(filter).length > 0 ? JSON.stringify(filter) : undefined);
