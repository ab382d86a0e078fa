import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import type { StoredRecord } from './record-store.js';
import { writeOrStorageFull } from './storage-errors.js';

export type ImportConflict = 'fail' | 'skip' | 'replace';

/** Ids of an import that are taken already (with onConflict "fail"): nothing was written. */
export class ImportConflicts extends Error {
  constructor(
    readonly collection: string,
    readonly ids: string[],
  ) {
    super(`${ids.length} record${ids.length === 1 ? '' : 's'} of the import already ${ids.length === 1 ? 'exists' : 'exist'} in "${collection}"`);
    this.name = 'ImportConflicts';
  }
}

/** How many conflicting ids an ImportConflicts error keeps, to name them. */
const MAX_NAMED_CONFLICTS = 20;

export type ImportResult = { inserted: number; replaced: number; skipped: number };

/**
 * The record store as the store browser sees it: collections and their counts, whole-record
 * replacement, bulk imports in one transaction, and reading a collection in seq order for an export.
 * Flows go through the RecordStore instead.
 */
export interface RecordCollections {
  /** Every collection that holds records, with how many, by name. */
  counts(): Promise<{ collection: string; records: number }[]>;
  /** Replaces a record whole, keeping its place; false when there is no such record. */
  replace(collection: string, record: StoredRecord): Promise<boolean>;
  /**
   * Writes every record or none (one transaction): new ids go after the collection's last record;
   * taken ids are refused (`fail`, throwing ImportConflicts), left as stored (`skip`) or replaced in place.
   */
  import(collection: string, records: readonly StoredRecord[], onConflict: ImportConflict): Promise<ImportResult>;
  /** Up to `limit` records after `afterSeq`, in insertion order: an export reads a collection with these. */
  readAfter(collection: string, afterSeq: number, limit: number): Promise<{ seq: number; record: StoredRecord }[]>;
}

/** The store browser's view of the records in the workspace's SQLite file. */
export class SqliteRecordCollections implements RecordCollections {
  private readonly statements: Record<'counts' | 'exists' | 'nextSeq' | 'insert' | 'replace' | 'after', Statement>;

  constructor(private readonly db: Db) {
    this.statements = {
      counts: db.prepare('SELECT collection, records FROM record_counts ORDER BY collection'),
      exists: db.prepare('SELECT 1 FROM records WHERE collection = ? AND id = ?'),
      nextSeq: db.prepare('SELECT IFNULL(MAX(seq), 0) + 1 AS seq FROM records WHERE collection = ?'),
      insert: db.prepare('INSERT INTO records (collection, id, seq, data) VALUES (?, ?, ?, ?)'),
      replace: db.prepare('UPDATE records SET data = ? WHERE collection = ? AND id = ?'),
      after: db.prepare('SELECT seq, data FROM records WHERE collection = ? AND seq > ? ORDER BY seq LIMIT ?'),
    };
  }

  /** Kept by triggers, so no counting here. */
  async counts(): Promise<{ collection: string; records: number }[]> {
    return this.statements.counts.all() as { collection: string; records: number }[];
  }

  async replace(collection: string, record: StoredRecord): Promise<boolean> {
    return writeOrStorageFull(`a change to a record in "${collection}"`, () => this.statements.replace.run(JSON.stringify(record), collection, record.id).changes > 0);
  }

  async import(collection: string, records: readonly StoredRecord[], onConflict: ImportConflict): Promise<ImportResult> {
    return writeOrStorageFull(`an import of ${records.length} records into "${collection}"`, () =>
      this.db.transaction(() => {
        const taken = records.filter((record) => this.statements.exists.get(collection, record.id) !== undefined);
        if (taken.length > 0 && onConflict === 'fail') throw new ImportConflicts(collection, taken.slice(0, MAX_NAMED_CONFLICTS).map((record) => record.id));
        const takenIds = new Set(taken.map((record) => record.id));
        let { seq } = this.statements.nextSeq.get(collection) as { seq: number };
        let inserted = 0;
        for (const record of records) {
          if (takenIds.has(record.id)) {
            if (onConflict === 'replace') this.statements.replace.run(JSON.stringify(record), collection, record.id);
            continue;
          }
          this.statements.insert.run(collection, record.id, seq++, JSON.stringify(record));
          inserted++;
        }
        return { inserted, replaced: onConflict === 'replace' ? taken.length : 0, skipped: onConflict === 'skip' ? taken.length : 0 };
      })(),
    );
  }

  async readAfter(collection: string, afterSeq: number, limit: number): Promise<{ seq: number; record: StoredRecord }[]> {
    return (this.statements.after.all(collection, afterSeq, limit) as { seq: number; data: string }[]).map((row) => ({ seq: row.seq, record: JSON.parse(row.data) as StoredRecord }));
  }
}
