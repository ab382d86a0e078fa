import type { PgClient, PgDatabase } from '../../storage/postgres.js';
import { ImportConflicts, type ImportConflict, type ImportResult, type RecordCollections } from '../record-collections.js';
import type { StoredRecord } from '../record-store.js';
import { pgWrite } from './record-store.js';

/** How many conflicting ids an ImportConflicts error keeps, to name them. */
const MAX_NAMED_CONFLICTS = 20;
/** Records written per statement of an import: one json array each, so a big import is a few statements. */
const IMPORT_BATCH_RECORDS = 2_000;

/** The store browser's view of the records in PostgreSQL. */
export class PostgresRecordCollections implements RecordCollections {
  constructor(private readonly pg: PgDatabase) {}

  /** Kept by triggers; by name in byte order, as SQLite lists them. */
  async counts(): Promise<{ collection: string; records: number }[]> {
    return this.pg.all('SELECT collection, records FROM record_counts ORDER BY collection COLLATE "C"');
  }

  async replace(collection: string, record: StoredRecord): Promise<boolean> {
    const changed = await pgWrite(`a change to a record in "${collection}"`, () =>
      this.pg.run('UPDATE records SET data = $3::json WHERE collection = $1 AND id = $2', [collection, record.id, JSON.stringify(record)]),
    );
    return changed > 0;
  }

  /** One transaction; rows of taken ids are locked first, so another replica's import of the same ids waits or conflicts. */
  async import(collection: string, records: readonly StoredRecord[], onConflict: ImportConflict): Promise<ImportResult> {
    return pgWrite(`an import of ${records.length} records into "${collection}"`, () =>
      this.pg.transaction(async (client) => {
        let inserted = 0;
        let taken = 0;
        const conflicts: string[] = [];
        for (let start = 0; start < records.length; start += IMPORT_BATCH_RECORDS) {
          const batch = records.slice(start, start + IMPORT_BATCH_RECORDS);
          const result = await this.importBatch(client, collection, batch, onConflict);
          inserted += result.inserted;
          taken += result.taken.length;
          if (conflicts.length < MAX_NAMED_CONFLICTS) conflicts.push(...result.taken.slice(0, MAX_NAMED_CONFLICTS - conflicts.length));
          if (onConflict === 'fail' && conflicts.length > 0) throw new ImportConflicts(collection, conflicts);
        }
        return { inserted, replaced: onConflict === 'replace' ? taken : 0, skipped: onConflict === 'skip' ? taken : 0 };
      }),
    );
  }

  async readAfter(collection: string, afterSeq: number, limit: number): Promise<{ seq: number; record: StoredRecord }[]> {
    const rows = await this.pg.all<{ seq: number; data: StoredRecord }>('SELECT seq, data FROM records WHERE collection = $1 AND seq > $2 ORDER BY seq LIMIT $3', [collection, afterSeq, limit]);
    return rows.map((row) => ({ seq: row.seq, record: row.data }));
  }

  /** New ids inserted in the batch's order (so their seqs follow it); taken ids replaced when asked, and answered. */
  private async importBatch(client: PgClient, collection: string, batch: readonly StoredRecord[], onConflict: ImportConflict): Promise<{ inserted: number; taken: string[] }> {
    const json = JSON.stringify(batch);
    const taken = (
      await client.query<{ id: string }>(
        `SELECT r.id FROM records AS r JOIN json_array_elements($2::json) AS e(record) ON r.id = e.record ->> 'id' WHERE r.collection = $1 FOR UPDATE OF r`,
        [collection, json],
      )
    ).rows.map((row) => row.id);
    if (taken.length > 0 && onConflict === 'fail') return { inserted: 0, taken };
    const inserted = await client.query(
      `INSERT INTO records (collection, id, data)
       SELECT $1, e.record ->> 'id', e.record FROM json_array_elements($2::json) WITH ORDINALITY AS e(record, n) ORDER BY e.n
       ON CONFLICT (collection, id) DO NOTHING RETURNING id`,
      [collection, json],
    );
    // An id another replica wrote since the lock above: taken all the same.
    const written = new Set(inserted.rows.map((row: { id: string }) => row.id));
    const known = new Set(taken);
    for (const record of batch) if (!written.has(record.id) && !known.has(record.id)) taken.push(record.id);
    if (taken.length > known.size && onConflict === 'fail') return { inserted: 0, taken };
    if (onConflict === 'replace' && taken.length > 0) {
      await client.query(
        `UPDATE records AS r SET data = e.record FROM json_array_elements($2::json) AS e(record) WHERE r.collection = $1 AND r.id = e.record ->> 'id' AND r.id = ANY($3::text[])`,
        [collection, json, taken],
      );
    }
    return { inserted: written.size, taken };
  }
}
