import type { StoredRecord } from '../../../shared/api/collections.js';

/** Columns shown at most: the rest are in each record's JSON view. */
export const MAX_COLUMNS = 12;

/** The page's fields as columns: id first, then in the order first seen. */
export function columnsOf(records: readonly StoredRecord[]): string[] {
  const columns = new Set<string>(['id']);
  for (const record of records) for (const field of Object.keys(record)) if (columns.size < MAX_COLUMNS) columns.add(field);
  return [...columns];
}

/** A value as one line of a cell: text as it is, anything else as compact JSON. */
export function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '';
}

/** The next sort when a column's header is clicked: ascending, then descending, then insertion order. */
export function nextSort(current: string, field: string): string {
  if (current === field) return `-${field}`;
  if (current === `-${field}`) return '';
  return field;
}
