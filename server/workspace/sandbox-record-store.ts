import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import { decodeCursor, encodeCursor } from './record-cursor.js';
import { boundKeyOf, fieldPath } from './record-keys.js';
import { patched, RecordConflict, type RecordPage, type RecordPageQuery, type RecordQuery, type RecordStore, type StoredRecord } from './record-store.js';
import { legacyOrder, mergeSorted, orderOf, pageOrder, type Order, type Placed, type SqlKey } from './sandbox-order.js';
import { writeOrStorageFull } from './storage-errors.js';

/** Records a Draft creates are numbered from here, after every live record: live seqs never come near 2^52. */
export const SANDBOX_SEQ_BASE = 2 ** 52;
/** Changed, created and deleted records one Draft session may hold; past this its writes fail until it is reset. */
export const MAX_SANDBOX_RECORDS = 10_000;

/** A Draft session's overlay is full: the node fails, saying how to go on. */
export class SandboxFull extends Error {
  readonly code = 'draft_data_full';
  constructor() {
    super(`This Draft session changed ${MAX_SANDBOX_RECORDS.toLocaleString('en-US')} records, the most it keeps: reset its data in the tester ("Reset Draft data") to go on`);
    this.name = 'SandboxFull';
  }
}

type OverlayRow = { data: string | null; seq: number };
type PlacedRecord = Placed & { record: StoredRecord };
type Filter = { where: string[]; params: unknown[] };

/** JSON values as SQLite's json_extract returns them, so equality is tested as the live store tests it. */
function sqlValue(value: unknown): string | number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' || typeof value === 'number') return value;
  return JSON.stringify(value);
}

/** A record.query filter as SQL on `alias.data`: each field equals its value, objects and arrays compared as JSON. */
function filterSql(alias: string, filter: Record<string, unknown>): Filter {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [field, value] of Object.entries(filter)) {
    if (value === null || value === undefined) continue;
    where.push(typeof value === 'object' ? `json(json_extract(${alias}.data, ?)) = json(?)` : `json_extract(${alias}.data, ?) = ?`);
    params.push(fieldPath(field), sqlValue(value));
  }
  return { where, params };
}

/**
 * The record store a Draft run sees: the live records with its own sandbox laid over them. Reads
 * merge the two (the sandbox's version of a record hides the live one, a deletion hides it
 * altogether); writes go to the sandbox only, so published APIs never see them. Pages are read from
 * the live store (its indexes and keyset paging) and merged with the sandbox's rows in the same order,
 * with the live store's cursors, so a Draft pages exactly as the published API would.
 */
export class SqliteSandboxRecordStore implements RecordStore {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    private readonly live: RecordStore,
    readonly sandboxId: string,
  ) {}

  async get(collection: string, id: string): Promise<StoredRecord | undefined> {
    const row = this.overlayRow(collection, id);
    if (row) return row.data === null ? undefined : (JSON.parse(row.data) as StoredRecord);
    return this.live.get(collection, id);
  }

  async insert(collection: string, document: Record<string, unknown>): Promise<StoredRecord> {
    const id = document.id === undefined || document.id === null ? randomUUID() : String(document.id);
    const record: StoredRecord = { ...document, id };
    return this.write(`a record in "${collection}"`, () => {
      const row = this.overlayRow(collection, id);
      if (row ? row.data !== null : this.liveSeq(collection, id) !== undefined) throw new RecordConflict(collection, id);
      if (!row) this.assertRoom();
      // A record deleted in this Draft and created again comes last, as a new one would.
      this.run('INSERT OR REPLACE INTO sandbox_records (sandbox_id, collection, id, seq, data) VALUES (?, ?, ?, ?, ?)', this.sandboxId, collection, id, this.nextSeq(collection), JSON.stringify(record));
      return record;
    });
  }

  async update(collection: string, id: string, patch: Record<string, unknown>): Promise<StoredRecord | undefined> {
    return this.write(`a change to a record in "${collection}"`, () => {
      const row = this.overlayRow(collection, id);
      const live = row ? undefined : this.liveRow(collection, id);
      const data = row ? row.data : live?.data;
      if (data === undefined || data === null) return undefined;
      const record = patched(JSON.parse(data) as StoredRecord, patch);
      if (!row) this.assertRoom();
      // A live record changed in the Draft keeps its place (its seq) among the others.
      this.run('INSERT OR REPLACE INTO sandbox_records (sandbox_id, collection, id, seq, data) VALUES (?, ?, ?, ?, ?)', this.sandboxId, collection, id, row ? row.seq : live!.seq, JSON.stringify(record));
      return record;
    });
  }

  async delete(collection: string, id: string): Promise<boolean> {
    return this.write(`the deletion of a record in "${collection}"`, () => {
      const row = this.overlayRow(collection, id);
      if (row?.data === null) return false;
      const seq = this.liveSeq(collection, id);
      if (seq === undefined) {
        // Made in this Draft: gone with no trace; never anywhere: nothing to delete.
        if (row) this.run('DELETE FROM sandbox_records WHERE sandbox_id = ? AND collection = ? AND id = ?', this.sandboxId, collection, id);
        return row !== undefined;
      }
      if (!row) this.assertRoom();
      this.run('INSERT OR REPLACE INTO sandbox_records (sandbox_id, collection, id, seq, data) VALUES (?, ?, ?, ?, NULL)', this.sandboxId, collection, id, seq);
      return true;
    });
  }

  async page(collection: string, query: RecordPageQuery): Promise<RecordPage> {
    const order = orderOf(query.sort);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.sort);
    const hidden = this.hiddenIds(collection);
    // Each hidden id can take one row out of the live page: ask for that many more.
    const livePage = await this.live.page(collection, { ...query, limit: query.limit + hidden.size + 1, count: query.count ?? false });
    const live = this.placeLive(collection, livePage.items, order, 'page').filter((placed) => !hidden.has(placed.record.id));
    const mine = this.overlayPlaced(collection, query.filter, order, 'page', query.limit + 1, after);
    const merged = mergeSorted(live, mine, pageOrder(order), query.limit + 1);
    const items = merged.slice(0, query.limit);
    const last = merged.length > query.limit ? items.at(-1) : undefined;
    const page: RecordPage = {
      items: items.map((placed) => placed.record),
      nextCursor: last ? encodeCursor({ sort: query.sort, key: order.field ? (last.key ?? 0) : 0, seq: last.seq }) : null,
    };
    if (query.count) page.total = (livePage.total ?? 0) - this.hiddenLiveMatches(collection, query.filter) + this.overlayMatches(collection, query.filter);
    return page;
  }

  /** Version 1's offset pages: the first offset + limit records of the merge. */
  async query(collection: string, query: RecordQuery): Promise<{ items: StoredRecord[]; total: number }> {
    const order = orderOf(query.sort);
    const wanted = query.offset + query.limit;
    const hidden = this.hiddenIds(collection);
    const livePage = await this.live.query(collection, { ...query, offset: 0, limit: wanted + hidden.size });
    const live = this.placeLive(collection, livePage.items, order, 'legacy').filter((placed) => !hidden.has(placed.record.id));
    const mine = this.overlayPlaced(collection, query.filter, order, 'legacy', wanted);
    const merged = mergeSorted(live, mine, legacyOrder(order), wanted);
    return {
      items: merged.slice(query.offset).map((placed) => placed.record),
      total: livePage.total - this.hiddenLiveMatches(collection, query.filter) + this.overlayMatches(collection, query.filter),
    };
  }

  /** The live records of a page with their seq and sort key (as SQL orders them), by primary key. */
  private placeLive(collection: string, records: readonly StoredRecord[], order: Order, kind: 'page' | 'legacy'): PlacedRecord[] {
    if (records.length === 0) return [];
    const key = this.keySql('r', order, kind);
    const rows = this.all<{ id: string; seq: number; key: SqlKey }>(
      `SELECT r.id AS id, r.seq AS seq, ${key.sql} AS key FROM records AS r WHERE r.collection = ? AND r.id IN (SELECT value FROM json_each(?))`,
      ...key.params, collection, JSON.stringify(records.map((record) => record.id)),
    );
    const placed = new Map(rows.map((row) => [row.id, row]));
    // A record deleted since the page was read has no place: it is left out, as a later read would.
    return records.flatMap((record) => {
      const row = placed.get(record.id);
      return row ? [{ record, seq: row.seq, key: row.key }] : [];
    });
  }

  /** The sandbox's own matching records, in the query's order, after the cursor's position. */
  private overlayPlaced(collection: string, filter: Record<string, unknown>, order: Order, kind: 'page' | 'legacy', limit: number, after?: Placed): PlacedRecord[] {
    const key = this.keySql('s', order, kind);
    const matches = filterSql('s', filter);
    const where = ['s.sandbox_id = ?', 's.collection = ?', 's.data IS NOT NULL', ...matches.where];
    const params: unknown[] = [...key.params, this.sandboxId, collection, ...matches.params];
    if (after) {
      where.push(order.field ? `(${key.sql}, s.seq) ${order.descending ? '<' : '>'} (?, ?)` : 's.seq > ?');
      params.push(...(order.field ? [...key.params, after.key, after.seq] : [after.seq]));
    }
    const direction = order.descending ? 'DESC' : 'ASC';
    const seqDirection = kind === 'page' && order.field ? direction : 'ASC';
    const orderBy = order.field ? `key ${direction}, s.seq ${seqDirection}` : 's.seq ASC';
    const rows = this.all<{ data: string; seq: number; key: SqlKey }>(
      `SELECT s.data AS data, s.seq AS seq, ${key.sql} AS key FROM sandbox_records AS s WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT ?`,
      ...params, limit,
    );
    return rows.map((row) => ({ record: JSON.parse(row.data) as StoredRecord, seq: row.seq, key: row.key }));
  }

  /** The sort key as the live store computes it: a missing field is -Infinity in keyset pages, NULL in offset pages. */
  private keySql(alias: string, order: Order, kind: 'page' | 'legacy'): { sql: string; params: unknown[] } {
    if (!order.field) return { sql: '0', params: [] };
    return { sql: kind === 'page' ? boundKeyOf(alias) : `json_extract(${alias}.data, ?)`, params: [fieldPath(order.field)] };
  }

  /** Ids of live records this sandbox changed or deleted: its version, or nothing, stands in for them. */
  private hiddenIds(collection: string): Set<string> {
    return new Set(this.all<{ id: string }>('SELECT id FROM sandbox_records WHERE sandbox_id = ? AND collection = ?', this.sandboxId, collection).map((row) => row.id));
  }

  private hiddenLiveMatches(collection: string, filter: Record<string, unknown>): number {
    const matches = filterSql('r', filter);
    const sql = `SELECT COUNT(*) AS n FROM sandbox_records AS s JOIN records AS r ON r.collection = s.collection AND r.id = s.id
      WHERE s.sandbox_id = ? AND s.collection = ?${matches.where.map((condition) => ` AND ${condition}`).join('')}`;
    return this.all<{ n: number }>(sql, this.sandboxId, collection, ...matches.params)[0]!.n;
  }

  private overlayMatches(collection: string, filter: Record<string, unknown>): number {
    const matches = filterSql('s', filter);
    const sql = `SELECT COUNT(*) AS n FROM sandbox_records AS s WHERE s.sandbox_id = ? AND s.collection = ? AND s.data IS NOT NULL${matches.where.map((condition) => ` AND ${condition}`).join('')}`;
    return this.all<{ n: number }>(sql, this.sandboxId, collection, ...matches.params)[0]!.n;
  }

  private overlayRow(collection: string, id: string): OverlayRow | undefined {
    return this.all<OverlayRow>('SELECT data, seq FROM sandbox_records WHERE sandbox_id = ? AND collection = ? AND id = ?', this.sandboxId, collection, id)[0];
  }

  private liveRow(collection: string, id: string): { data: string; seq: number } | undefined {
    return this.all<{ data: string; seq: number }>('SELECT data, seq FROM records WHERE collection = ? AND id = ?', collection, id)[0];
  }

  private liveSeq(collection: string, id: string): number | undefined {
    return this.all<{ seq: number }>('SELECT seq FROM records WHERE collection = ? AND id = ?', collection, id)[0]?.seq;
  }

  private nextSeq(collection: string): number {
    const row = this.all<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM sandbox_records WHERE sandbox_id = ? AND collection = ? AND seq > ?', this.sandboxId, collection, SANDBOX_SEQ_BASE)[0];
    return (row?.seq ?? SANDBOX_SEQ_BASE) + 1;
  }

  private assertRoom(): void {
    const held = this.all<{ n: number }>('SELECT COUNT(*) AS n FROM sandbox_records WHERE sandbox_id = ?', this.sandboxId)[0]!.n;
    if (held >= MAX_SANDBOX_RECORDS) throw new SandboxFull();
  }

  /** A check and its write in one transaction; a full disk answers as the live store's writes do. */
  private write<T>(what: string, change: () => T): T {
    return writeOrStorageFull(what, () => this.db.transaction(change)());
  }

  private all<T>(sql: string, ...params: unknown[]): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  private run(sql: string, ...params: unknown[]): void {
    this.statement(sql).run(...params);
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
