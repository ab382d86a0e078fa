import { decodeCursor, encodeCursor } from '../record-cursor.js';
import { fieldPath } from '../record-keys.js';
import { InvalidCursor, type RecordPage, type RecordPageQuery, type RecordQuery, type StoredRecord } from '../record-store.js';
import { orderOf, type Order } from '../sandbox-order.js';

/**
 * The SQL of record queries on PostgreSQL. A field's key is `COALESCE(fields -> 'field', 'null'::jsonb)`:
 * a missing field and null are the same key, jsonb's lowest, so they sort first as on SQLite. The
 * indexes published APIs need are made on exactly these expressions (record-index-sql.ts), so an
 * equality filter and a sort read them.
 */

/** A string literal for SQL text: index expressions and their partial predicate must match the query's. */
export const pgLiteral = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** The key of a field, on `alias.fields`, the record's jsonb (or the bare column in an index definition). */
export function pgKeyOf(field: string, alias?: string): string {
  fieldPath(field);
  return `COALESCE(${alias ? `${alias}.` : ''}fields -> ${pgLiteral(field)}, 'null'::jsonb)`;
}

/** Positional parameters collected while a statement is written. */
export class PgParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** `key = $n::jsonb` for each filter field with a value; a null or absent value matches anything, as on SQLite. */
export function pgFilter(alias: string, filter: Record<string, unknown>, params: PgParams): string[] {
  return Object.entries(filter)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([field, value]) => `${pgKeyOf(field, alias)} = ${params.add(JSON.stringify(value))}::jsonb`);
}

type PageRow = { data: StoredRecord; seq: number; sort_key: string | null };

/** A source of records (`records AS r` or a merged overlay named r) with the conditions that pick its collection. */
export type RecordSource = { from: string; where: string[] };

/**
 * A keyset page: key then seq, both reversed when descending; insertion order by seq alone. With
 * `sizedUnder`, a row's data is its JSON text, and only when it is at most so many bytes (null otherwise, the text not sent).
 */
export function pageStatement(source: RecordSource, query: RecordPageQuery, params: PgParams, sizedUnder?: number): { text: string; order: Order } {
  const order = orderOf(query.sort);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.sort);
  const where = [...source.where, ...pgFilter('r', query.filter, params)];
  const key = order.field ? pgKeyOf(order.field, 'r') : undefined;
  if (after && key) {
    if (typeof after.key !== 'string' || !isJson(after.key)) throw new InvalidCursor('it holds no sort key');
    where.push(`(${key}, r.seq) ${order.descending ? '<' : '>'} (${params.add(after.key)}::jsonb, ${params.add(after.seq)})`);
  } else if (after) {
    where.push(`r.seq > ${params.add(after.seq)}`);
  }
  const direction = order.descending ? 'DESC' : 'ASC';
  const orderBy = key ? `${key} ${direction}, r.seq ${direction}` : 'r.seq ASC';
  const data = sizedUnder === undefined ? 'r.data' : `CASE WHEN octet_length(r.data::text) <= ${params.add(sizedUnder)} THEN r.data::text END`;
  const text = `SELECT ${data} AS data, r.seq AS seq, ${key ? `${key}::text` : 'NULL'} AS sort_key FROM ${source.from}
    WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT ${params.add(query.limit + 1)}`;
  return { text, order };
}

/** The page of rows read one past the limit: the last kept row's place is the next cursor. */
export function pageOf(rows: readonly PageRow[], query: RecordPageQuery): RecordPage {
  const items = rows.slice(0, query.limit).map((row) => row.data);
  const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor({ sort: query.sort, key: last.sort_key ?? 0, seq: last.seq }) : null };
}

/** Every match of the filter, for a count. */
export function countStatement(source: RecordSource, filter: Record<string, unknown>, params: PgParams): string {
  const where = [...source.where, ...pgFilter('r', filter, params)];
  return `SELECT COUNT(*) AS n FROM ${source.from} WHERE ${where.join(' AND ')}`;
}

/** Version 1's offset page: the key reversed when descending, ties always in insertion order. */
export function legacyStatement(source: RecordSource, query: RecordQuery, params: PgParams): string {
  const order = orderOf(query.sort);
  const where = [...source.where, ...pgFilter('r', query.filter, params)];
  const orderBy = order.field ? `${pgKeyOf(order.field, 'r')} ${order.descending ? 'DESC' : 'ASC'}, r.seq ASC` : 'r.seq ASC';
  return `SELECT r.data AS data FROM ${source.from} WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT ${params.add(query.limit)} OFFSET ${params.add(query.offset)}`;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
