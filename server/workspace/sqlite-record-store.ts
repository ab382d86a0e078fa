import { randomUUID } from 'node:crypto';
import type { Db } from './db.js';
import type { RecordQuery, RecordStore, StoredRecord } from './record-store.js';
import { writeOrStorageFull } from './storage-errors.js';

/** A record whose id is taken already. */
export class RecordConflict extends Error {
  constructor(collection: string, id: string) {
    super(`A record with id "${id}" already exists in "${collection}"`);
    this.name = 'RecordConflict';
  }
}

const FIELD_NAME = /^[^"\\]{1,200}$/;

function jsonPath(field: string): string {
  if (!FIELD_NAME.test(field)) throw new Error(`"${field}" cannot be used as a field name in a filter or sort`);
  return `$."${field}"`;
}

/** JSON values as SQLite's json_extract returns them, so equality can be tested in SQL. */
function sqlValue(value: unknown): string | number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' || typeof value === 'number') return value;
  return JSON.stringify(value);
}

/**
 * Sets a field as data, as insert's spread and JSON.parse do: plain assignment of `__proto__`
 * would swap the record's prototype instead and drop the field.
 */
function setField(record: StoredRecord, field: string, value: unknown): void {
  Object.defineProperty(record, field, { value, enumerable: true, writable: true, configurable: true });
}

/** Records in the workspace's SQLite file, one JSON document per row. */
export class SqliteRecordStore implements RecordStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      get: db.prepare('SELECT data FROM records WHERE collection = ? AND id = ?'),
      insert: db.prepare(
        `INSERT INTO records (collection, id, seq, data)
         VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM records WHERE collection = ?), ?)`,
      ),
      update: db.prepare('UPDATE records SET data = ? WHERE collection = ? AND id = ?'),
      delete: db.prepare('DELETE FROM records WHERE collection = ? AND id = ?'),
    };
  }

  async insert(collection: string, document: Record<string, unknown>): Promise<StoredRecord> {
    const id = document.id === undefined || document.id === null ? randomUUID() : String(document.id);
    const record: StoredRecord = { ...document, id };
    try {
      writeOrStorageFull(`a record in "${collection}"`, () => this.statements.insert.run(collection, id, collection, JSON.stringify(record)));
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new RecordConflict(collection, id);
      throw error;
    }
    return record;
  }

  async get(collection: string, id: string): Promise<StoredRecord | undefined> {
    const row = this.statements.get.get(collection, id) as { data: string } | undefined;
    return row && (JSON.parse(row.data) as StoredRecord);
  }

  async query(collection: string, query: RecordQuery): Promise<{ items: StoredRecord[]; total: number }> {
    const conditions = ['collection = ?'];
    const values: (string | number | null)[] = [collection];
    for (const [field, value] of Object.entries(query.filter)) {
      if (value === null || value === undefined) continue;
      if (typeof value === 'object') {
        conditions.push('json(json_extract(data, ?)) = json(?)');
      } else {
        conditions.push('json_extract(data, ?) = ?');
      }
      values.push(jsonPath(field), sqlValue(value));
    }
    const where = conditions.join(' AND ');
    const descending = query.sort.startsWith('-');
    const sortField = descending ? query.sort.slice(1) : query.sort;
    const order = sortField ? `json_extract(data, ?) ${descending ? 'DESC' : 'ASC'}, seq` : 'seq';
    const orderValues = sortField ? [jsonPath(sortField)] : [];

    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM records WHERE ${where}`).get(...values) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT data FROM records WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...values, ...orderValues, query.limit, query.offset) as { data: string }[];
    return { items: rows.map((row) => JSON.parse(row.data) as StoredRecord), total };
  }

  async update(collection: string, id: string, patch: Record<string, unknown>): Promise<StoredRecord | undefined> {
    return writeOrStorageFull(`a change to a record in "${collection}"`, () =>
      this.db.transaction(() => {
        const row = this.statements.get.get(collection, id) as { data: string } | undefined;
        if (!row) return undefined;
        const record = JSON.parse(row.data) as StoredRecord;
        for (const [field, value] of Object.entries(patch)) {
          if (field === 'id') continue; // the id names the row; a patch cannot move it
          if (value === null) delete record[field];
          else setField(record, field, value);
        }
        this.statements.update.run(JSON.stringify(record), collection, id);
        return record;
      })(),
    );
  }

  async delete(collection: string, id: string): Promise<boolean> {
    return writeOrStorageFull(`the deletion of a record in "${collection}"`, () => this.statements.delete.run(collection, id).changes > 0);
  }
}
