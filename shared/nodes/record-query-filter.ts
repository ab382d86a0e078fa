import jsonata from 'jsonata';

/**
 * What a record.query filter compares, read from its JSONata source without running it: the field
 * names of an object written out (`{"team": request.query.team}`) can be indexed at publish; a
 * filter whose fields are known only when it runs (`request.body`, `$merge(…)`) cannot.
 */
export type FilterFields =
  | { kind: 'fields'; fields: string[] }
  | { kind: 'computed'; reason: string }
  /** The source does not parse: the expression check reports that. */
  | { kind: 'unreadable' };

/** Field names a JSON path can hold (no quote or backslash), as the record store reads them. */
const INDEXABLE_FIELD = /^[^"\\]{1,200}$/;
/** The editor re-checks on every edit, mostly with the same sources. */
const MAX_CACHED = 2000;
const cache = new Map<string, FilterFields>();

type AstNode = { type?: unknown; value?: unknown; lhs?: unknown; position?: unknown };
const isNode = (value: unknown): value is AstNode => typeof value === 'object' && value !== null;

export function filterFieldsOf(source: string): FilterFields {
  const cached = cache.get(source);
  if (cached) return cached;
  const found = analyse(source);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(source, found);
  return found;
}

function analyse(source: string): FilterFields {
  const trimmed = source.trim();
  if (trimmed === '' || trimmed === 'null' || /^\{\s*\}$/.test(trimmed)) return { kind: 'fields', fields: [] };
  let ast: unknown;
  try {
    ast = jsonata(trimmed).ast();
  } catch {
    return { kind: 'unreadable' };
  }
  if (!isNode(ast) || ast.type !== 'unary' || ast.value !== '{' || !Array.isArray(ast.lhs)) {
    return { kind: 'computed', reason: 'it is not an object written out, so which fields it compares is known only when it runs' };
  }
  const fields: string[] = [];
  for (const pair of ast.lhs as unknown[]) {
    const key = Array.isArray(pair) ? (pair[0] as unknown) : undefined;
    if (!isNode(key) || key.type !== 'string' || typeof key.value !== 'string') {
      return { kind: 'computed', reason: 'a field name in it is computed, so which field it compares is known only when it runs' };
    }
    if (!INDEXABLE_FIELD.test(key.value)) {
      return { kind: 'computed', reason: `the field name "${key.value}" holds a quote or a backslash (or is over 200 characters)` };
    }
    if (!fields.includes(key.value)) fields.push(key.value);
  }
  return { kind: 'fields', fields };
}
