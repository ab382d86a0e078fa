import { randomUUID } from 'node:crypto';
import type { PgClient, PgDatabase } from '../../storage/postgres.js';
import { patched, RecordConflict, type RecordPage, type RecordPageQuery, type RecordQuery, type RecordStore, type StoredRecord } from '../record-store.js';
import { MAX_SANDBOX_RECORDS, SANDBOX_SEQ_BASE, SandboxFull } from '../sandbox-record-store.js';
import { countStatement, legacyStatement, pageOf, pageStatement, PgParams, pgLiteral, type RecordSource } from './record-sql.js';
import { pgWrite } from './record-store.js';

/** pg_advisory_xact_lock's first key for one sandbox's writes (the second is a hash of its id). */
const SANDBOX_LOCK_CLASS = 0x73627821; // "sbx!"

type OverlayRow = { data: StoredRecord | null; seq: number };

/**
 * The record store a Draft run sees on PostgreSQL: the live records with its sandbox laid over
 * them, merged by the database in one statement (a sandbox row hides the live one of its id, a
 * deleted one hides it altogether), so pages, cursors and counts are the live store's own.
 * Writes go to the sandbox only, one at a time per sandbox whichever replica runs them.
 */
export class PostgresSandboxRecordStore implements RecordStore {
  constructor(
    private readonly pg: PgDatabase,
    readonly sandboxId: string,
  ) {}

  async get(collection: string, id: string): Promise<StoredRecord | undefined> {
    const row = await this.pg.one<{ data: StoredRecord | null }>(
      `SELECT data, 0 AS mine FROM sandbox_records WHERE sandbox_id = $1 AND collection = $2 AND id = $3
       UNION ALL SELECT data, 1 FROM records WHERE collection = $2 AND id = $3
       ORDER BY mine LIMIT 1`,
      [this.sandboxId, collection, id],
    );
    return row?.data ?? undefined;
  }

  async insert(collection: string, document: Record<string, unknown>): Promise<StoredRecord> {
    const id = document.id === undefined || document.id === null ? randomUUID() : String(document.id);
    const record: StoredRecord = { ...document, id };
    return this.write(`a record in "${collection}"`, async (client) => {
      const row = await this.overlayRow(client, collection, id);
      if (row ? row.data !== null : (await this.liveRow(client, collection, id)) !== undefined) throw new RecordConflict(collection, id);
      if (!row) await this.assertRoom(client);
      // A record deleted in this Draft and created again comes last, as a new one would.
      const next = await this.pg.one<{ seq: number }>(
        'SELECT COALESCE(MAX(seq), $3) + 1 AS seq FROM sandbox_records WHERE sandbox_id = $1 AND collection = $2 AND seq > $3',
        [this.sandboxId, collection, SANDBOX_SEQ_BASE],
        client,
      );
      await this.put(client, collection, id, next!.seq, record);
      return record;
    });
  }

  async update(collection: string, id: string, patch: Record<string, unknown>): Promise<StoredRecord | undefined> {
    return this.write(`a change to a record in "${collection}"`, async (client) => {
      const row = await this.overlayRow(client, collection, id);
      const live = row ? undefined : await this.liveRow(client, collection, id);
      const data = row ? row.data : live?.data;
      if (!data) return undefined;
      const record = patched(data, patch);
      if (!row) await this.assertRoom(client);
      // A live record changed in the Draft keeps its place (its seq) among the others.
      await this.put(client, collection, id, row ? row.seq : live!.seq, record);
      return record;
    });
  }

  async delete(collection: string, id: string): Promise<boolean> {
    return this.write(`the deletion of a record in "${collection}"`, async (client) => {
      const row = await this.overlayRow(client, collection, id);
      if (row && row.data === null) return false;
      const live = await this.liveRow(client, collection, id);
      if (!live) {
        // Made in this Draft: gone with no trace; never anywhere: nothing to delete.
        if (row) await this.pg.run('DELETE FROM sandbox_records WHERE sandbox_id = $1 AND collection = $2 AND id = $3', [this.sandboxId, collection, id], client);
        return row !== undefined;
      }
      if (!row) await this.assertRoom(client);
      await this.put(client, collection, id, live.seq, null);
      return true;
    });
  }

  async page(collection: string, query: RecordPageQuery): Promise<RecordPage> {
    const params = new PgParams();
    const { text } = pageStatement(this.merged(collection, params), query, params);
    const page = pageOf(await this.pg.all(text, params.values), query);
    if (query.count) {
      const counted = new PgParams();
      page.total = (await this.pg.one<{ n: number }>(countStatement(this.merged(collection, counted), query.filter, counted), counted.values))!.n;
    }
    return page;
  }

  async query(collection: string, query: RecordQuery): Promise<{ items: StoredRecord[]; total: number }> {
    const params = new PgParams();
    const rows = await this.pg.all<{ data: StoredRecord }>(legacyStatement(this.merged(collection, params), query, params), params.values);
    const counted = new PgParams();
    const total = (await this.pg.one<{ n: number }>(countStatement(this.merged(collection, counted), query.filter, counted), counted.values))!.n;
    return { items: rows.map((row) => row.data), total };
  }

  /** The live collection without the records this sandbox changed or deleted, plus its own: named r, as the live store's source is. */
  private merged(collection: string, params: PgParams): RecordSource {
    const sandbox = params.add(this.sandboxId);
    const name = pgLiteral(collection);
    const mine = `m.sandbox_id = ${sandbox} AND m.collection = ${name}`;
    return {
      from: `(SELECT l.seq, l.data, l.fields FROM records AS l WHERE l.collection = ${name}
          AND NOT EXISTS (SELECT 1 FROM sandbox_records AS m WHERE ${mine} AND m.id = l.id)
        UNION ALL SELECT m.seq, m.data, m.fields FROM sandbox_records AS m WHERE ${mine} AND m.data IS NOT NULL) AS r`,
      where: ['TRUE'],
    };
  }

  private async overlayRow(client: PgClient, collection: string, id: string): Promise<OverlayRow | undefined> {
    return this.pg.one<OverlayRow>('SELECT data, seq FROM sandbox_records WHERE sandbox_id = $1 AND collection = $2 AND id = $3', [this.sandboxId, collection, id], client);
  }

  private async liveRow(client: PgClient, collection: string, id: string): Promise<{ data: StoredRecord; seq: number } | undefined> {
    return this.pg.one('SELECT data, seq FROM records WHERE collection = $1 AND id = $2', [collection, id], client);
  }

  private async put(client: PgClient, collection: string, id: string, seq: number, record: StoredRecord | null): Promise<void> {
    await this.pg.run(
      `INSERT INTO sandbox_records (sandbox_id, collection, id, seq, data) VALUES ($1, $2, $3, $4, $5::json)
       ON CONFLICT (sandbox_id, collection, id) DO UPDATE SET seq = excluded.seq, data = excluded.data`,
      [this.sandboxId, collection, id, seq, record === null ? null : JSON.stringify(record)],
      client,
    );
  }

  private async assertRoom(client: PgClient): Promise<void> {
    const held = await this.pg.one<{ n: number }>('SELECT COUNT(*) AS n FROM sandbox_records WHERE sandbox_id = $1', [this.sandboxId], client);
    if (held!.n >= MAX_SANDBOX_RECORDS) throw new SandboxFull();
  }

  /** A check and its write in one transaction, one at a time per sandbox; a full disk answers as the live store's writes do. */
  private write<T>(what: string, change: (client: PgClient) => Promise<T>): Promise<T> {
    return pgWrite(what, () =>
      this.pg.transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SANDBOX_LOCK_CLASS, this.sandboxId]);
        return change(client);
      }),
    );
  }
}
