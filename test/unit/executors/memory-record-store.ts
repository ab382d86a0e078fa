import { randomUUID } from 'node:crypto';
import { InvalidCursor, type RecordPage, type RecordPageQuery, type RecordQuery, type RecordStore, type StoredRecord } from '../../../server/workspace/record-store.js';

/** The RecordStore contract in memory, for executor and engine tests. */
export class MemoryRecordStore implements RecordStore {
  private readonly collections = new Map<string, Map<string, StoredRecord>>();

  async insert(collection: string, document: Record<string, unknown>): Promise<StoredRecord> {
    const id = typeof document.id === 'string' ? document.id : randomUUID();
    const record: StoredRecord = { ...structuredClone(document), id };
    this.collection(collection).set(id, record);
    return structuredClone(record);
  }

  async get(collection: string, id: string): Promise<StoredRecord | undefined> {
    const record = this.collection(collection).get(id);
    return record && structuredClone(record);
  }

  async query(collection: string, query: RecordQuery): Promise<{ items: StoredRecord[]; total: number }> {
    const matching = [...this.collection(collection).values()].filter((record) =>
      Object.entries(query.filter).every(([field, value]) => JSON.stringify(record[field]) === JSON.stringify(value)),
    );
    if (query.sort) {
      const descending = query.sort.startsWith('-');
      const field = descending ? query.sort.slice(1) : query.sort;
      matching.sort((a, b) => compare(a[field], b[field]) * (descending ? -1 : 1));
    }
    const items = matching.slice(query.offset, query.offset + query.limit);
    return { items: structuredClone(items), total: matching.length };
  }

  /** Keyset paging in memory: the cursor is the position after the page, enough for executor tests. */
  async page(collection: string, query: RecordPageQuery): Promise<RecordPage> {
    const { items: all } = await this.query(collection, { filter: query.filter, sort: query.sort, limit: Number.MAX_SAFE_INTEGER, offset: 0 });
    const start = query.cursor === undefined ? 0 : Number(query.cursor);
    if (!Number.isInteger(start) || start < 0) throw new InvalidCursor('it is not a cursor');
    const items = all.slice(start, start + query.limit);
    const page: RecordPage = { items, nextCursor: start + query.limit < all.length ? String(start + query.limit) : null };
    if (query.count) page.total = all.length;
    return page;
  }

  async update(collection: string, id: string, patch: Record<string, unknown>): Promise<StoredRecord | undefined> {
    const records = this.collection(collection);
    const record = records.get(id);
    if (!record) return undefined;
    const updated: StoredRecord = { ...record };
    for (const [field, value] of Object.entries(patch)) {
      if (value === null) delete updated[field];
      else updated[field] = structuredClone(value);
    }
    updated.id = id;
    records.set(id, updated);
    return structuredClone(updated);
  }

  async delete(collection: string, id: string): Promise<boolean> {
    return this.collection(collection).delete(id);
  }

  private collection(name: string): Map<string, StoredRecord> {
    let records = this.collections.get(name);
    if (!records) this.collections.set(name, (records = new Map()));
    return records;
  }
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}
