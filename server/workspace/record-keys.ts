/**
 * The SQL of record indexes: each index keeps its keys in a table of its own, `record_keys_<id>`,
 * rows of (k1[, k2], seq, row_id) ordered by (k1[, k2], seq), row_id naming the record's row so a page
 * reads it directly (see migration 011), and triggers on `records` keep it in step
 * with every write from any connection. A record without the field (or with null there) gets the
 * key MISSING_KEY, which sorts before every value, as SQL's NULL does in `ORDER BY`.
 */

/** The key of a record that lacks the field: below every number and string. SQLite reads 9e999 as infinity. */
export const MISSING_KEY = -Infinity;
const MISSING_KEY_SQL = '-9e999';

/** What a field name may hold to be read with a JSON path: no quote or backslash, at most 200 characters. */
export const FIELD_NAME = /^[^"\\]{1,200}$/;

export class InvalidFieldName extends Error {
  constructor(readonly field: string) {
    super(`"${field}" cannot be used as a field name in a filter or sort: it holds a quote or a backslash, or is empty or over 200 characters`);
    this.name = 'InvalidFieldName';
  }
}

/** `$."field"`: the JSON path of a top-level field, as a bound parameter. */
export function fieldPath(field: string): string {
  if (!FIELD_NAME.test(field)) throw new InvalidFieldName(field);
  return `$."${field}"`;
}

/** A string literal for SQL text (the trigger bodies cannot take parameters). */
const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** The key of a field of `row.data`, as the key tables store it. */
export const keyOf = (row: string, field: string): string => `IFNULL(json_extract(${row}.data, ${literal(fieldPath(field))}), ${MISSING_KEY_SQL})`;

/** The same key with the path bound as a parameter, for queries that read it from `records` directly. */
export const boundKeyOf = (row: string): string => `IFNULL(json_extract(${row}.data, ?), ${MISSING_KEY_SQL})`;

export const keyTable = (id: number): string => `record_keys_${id}`;

/** k1, k2… for an index over these fields. */
export const keyColumns = (fields: readonly string[]): string[] => fields.map((_field, at) => `k${at + 1}`);

export type IndexShape = { id: number; collection: string; fields: readonly string[] };

/** The key table and the triggers that keep it: made in one transaction, before the fill starts. */
export function createIndexSql({ id, collection, fields }: IndexShape): string {
  const table = keyTable(id);
  const columns = keyColumns(fields);
  const keysOf = (row: string): string => fields.map((field) => keyOf(row, field)).join(', ');
  const matchOld = [...columns.map((column, at) => `${column} = ${keyOf('OLD', fields[at]!)}`), 'seq = OLD.seq'].join(' AND ');
  const insertNew = `INSERT OR IGNORE INTO ${table} (${columns.join(', ')}, seq, row_id) VALUES (${keysOf('NEW')}, NEW.seq, NEW.row_id);`;
  const inCollection = (row: string): string => `${row}.collection = ${literal(collection)}`;
  return `
CREATE TABLE ${table} (${columns.map((column) => `${column} ANY NOT NULL`).join(', ')}, seq INTEGER NOT NULL, row_id INTEGER NOT NULL,
  PRIMARY KEY (${columns.join(', ')}, seq)) STRICT, WITHOUT ROWID;
CREATE TRIGGER ${table}_insert AFTER INSERT ON records WHEN ${inCollection('NEW')} BEGIN
  ${insertNew}
END;
CREATE TRIGGER ${table}_update AFTER UPDATE OF data ON records WHEN ${inCollection('NEW')} BEGIN
  DELETE FROM ${table} WHERE ${matchOld};
  ${insertNew}
END;
CREATE TRIGGER ${table}_delete AFTER DELETE ON records WHEN ${inCollection('OLD')} BEGIN
  DELETE FROM ${table} WHERE ${matchOld};
END;`;
}

/** Stops the upkeep: the table stays until its rows are deleted a chunk at a time. */
export const dropTriggersSql = (id: number): string =>
  ['insert', 'update', 'delete'].map((event) => `DROP TRIGGER IF EXISTS ${keyTable(id)}_${event};`).join('\n');

/** Keys for the records with seq in (from, through]: one chunk of an index's fill. */
export function fillChunkSql({ id, fields }: IndexShape): string {
  const columns = keyColumns(fields);
  return `INSERT OR IGNORE INTO ${keyTable(id)} (${columns.join(', ')}, seq, row_id)
    SELECT ${fields.map((field) => keyOf('records', field)).join(', ')}, seq, row_id FROM records
    WHERE collection = ? AND seq > ? AND seq <= ?`;
}

/** Deletes up to `?` keys of a table being dropped, in key order. */
export function dropChunkSql({ id, fields }: Omit<IndexShape, 'collection'>): string {
  const key = [...keyColumns(fields), 'seq'].join(', ');
  return `DELETE FROM ${keyTable(id)} WHERE (${key}) IN (SELECT ${key} FROM ${keyTable(id)} LIMIT ?)`;
}
