import { fieldPath } from './record-keys.js';

/** A value as SQLite hands back json_extract: NULL, a number (booleans as 0/1, a missing key as -Infinity) or text (objects as JSON). */
export type SqlKey = null | number | string;

/** A record's place in a query's order: its sort key, then its seq. */
export type Placed = { key: SqlKey; seq: number };

/** A query's order: by a field (ascending or descending), or insertion order. */
export type Order = { field: string; descending: boolean };

/** `-name` → descending by name; `` → insertion order. The field must be one a JSON path can name. */
export function orderOf(sort: string): Order {
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  if (field) fieldPath(field);
  return { field, descending };
}

const rank = (key: SqlKey): number => (key === null ? 0 : typeof key === 'number' ? 1 : 2);

/** SQLite's own order of these values: NULL, then numbers, then text in byte order (BINARY collation). */
export function compareKeys(a: SqlKey, b: SqlKey): number {
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return 0;
}

/**
 * The order of a keyset page (record.query version 2): key then seq, both reversed when descending;
 * insertion order compares seqs only.
 */
export function pageOrder(order: Order): (a: Placed, b: Placed) => number {
  const sign = order.descending ? -1 : 1;
  if (!order.field) return (a, b) => a.seq - b.seq;
  return (a, b) => sign * (compareKeys(a.key, b.key) || a.seq - b.seq);
}

/** The order of an offset page (record.query version 1): the key reversed when descending, ties always in insertion order. */
export function legacyOrder(order: Order): (a: Placed, b: Placed) => number {
  const sign = order.descending ? -1 : 1;
  if (!order.field) return (a, b) => a.seq - b.seq;
  return (a, b) => sign * compareKeys(a.key, b.key) || a.seq - b.seq;
}

/** The first `count` of two lists already in `compare` order, in that order. */
export function mergeSorted<T>(left: readonly T[], right: readonly T[], compare: (a: T, b: T) => number, count: number): T[] {
  const merged: T[] = [];
  let i = 0;
  let j = 0;
  while (merged.length < count && (i < left.length || j < right.length)) {
    if (j >= right.length || (i < left.length && compare(left[i]!, right[j]!) <= 0)) merged.push(left[i++]!);
    else merged.push(right[j++]!);
  }
  return merged;
}
