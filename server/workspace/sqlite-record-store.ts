import { randomUUID } from 'node:crypto';
import type { Db } from './db.js';
import { RecordQueries } from './record-queries.js';
import { patched, RecordConflict, type RecordPage, type RecordPageQuery, type RecordQuery, type RecordStore, type StoredRecord } from './record-store.js';
import { writeOrStorageFull } from './storage-errors.js';

export { RecordConflict } from './record-store.js';

/** Records in the workspace's SQLite file, one JSON document per row. */
export class SqliteRecordStore implements RecordStore {
  private readonly statements;
  private readonly queries: RecordQueries;

  constructor(private readonly db: Db) {
    this.queries = new RecordQueries(db);
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
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new RecordConflict(collection, id);
      throw error;
    }
    return record;
  }

  async get(collection: string, id: string): Promise<StoredRecord | undefined> {
    const row = this.statements.get.get(collection, id) as { data: string } | undefined;
    return row && (JSON.parse(row.data) as StoredRecord);
  }

  async query(collection: string, query: RecordQuery): Promise<{ items: StoredRecord[]; total: number }> {
    return this.queries.legacy(collection, query);
  }

  async page(collection: string, query: RecordPageQuery): Promise<RecordPage> {
    return this.queries.page(collection, query);
  }

  /** SQLite's plan for a page of this query, e.g. which index it reads. */
  planOf(collection: string, query: RecordPageQuery): string[] {
    return this.queries.planOf(collection, query);
  }

  async update(collection: string, id: string, patch: Record<string, unknown>): Promise<StoredRecord | undefined> {
    return writeOrStorageFull(`a change to a record in "${collection}"`, () =>
      this.db.transaction(() => {
        const row = this.statements.get.get(collection, id) as { data: string } | undefined;
        if (!row) return undefined;
        const record = patched(JSON.parse(row.data) as StoredRecord, patch);
        this.statements.update.run(JSON.stringify(record), collection, id);
        return record;
      })(),
    );
  }

  async delete(collection: string, id: string): Promise<boolean> {
    return writeOrStorageFull(`the deletion of a record in "${collection}"`, () => this.statements.delete.run(collection, id).changes > 0);
  }
}
