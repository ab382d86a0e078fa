/** A stored record: a JSON object with a string id. */
export type StoredRecord = { id: string } & Record<string, unknown>;

export type RecordQuery = {
  /** Field → value; a record matches when each field equals the value (compared as JSON). */
  filter: Record<string, unknown>;
  /** A field name, "-" in front for descending; empty for insertion order. */
  sort: string;
  limit: number;
  offset: number;
};

/** A page of a query, in keyset order: the next page starts after the last record of this one. */
export type RecordPageQuery = {
  /** Field → value, as in RecordQuery. */
  filter: Record<string, unknown>;
  /** A field name, "-" in front for descending; empty for insertion order. */
  sort: string;
  limit: number;
  /** The `nextCursor` of the page before; none for the first page. */
  cursor?: string;
  /** Also count every match: a pass over all of them, so only when asked. */
  count?: boolean;
};

export type RecordPage = {
  items: StoredRecord[];
  /** Pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Every match, when the query asked for a count. */
  total?: number;
};

/** A cursor that this store did not hand out, or that belongs to another sort order. */
export class InvalidCursor extends Error {
  readonly code = 'invalid_cursor';
  constructor(reason: string) {
    super(`The cursor is not one this query handed out (${reason}); start again without a cursor`);
    this.name = 'InvalidCursor';
  }
}

/**
 * The record store that flows read and write. Async so that a PostgreSQL store can replace
 * the SQLite one for several replicas without touching executors.
 */
export interface RecordStore {
  insert(collection: string, document: Record<string, unknown>): Promise<StoredRecord>;
  get(collection: string, id: string): Promise<StoredRecord | undefined>;
  /** Offset paging with a total, as record.query version 1 answers. */
  query(collection: string, query: RecordQuery): Promise<{ items: StoredRecord[]; total: number }>;
  /** Keyset paging; throws InvalidCursor for a cursor it did not hand out. */
  page(collection: string, query: RecordPageQuery): Promise<RecordPage>;
  /** Merges the patch; a field set to null is removed. Undefined when there is no such record. */
  update(collection: string, id: string, patch: Record<string, unknown>): Promise<StoredRecord | undefined>;
  delete(collection: string, id: string): Promise<boolean>;
}

/** A record whose id is taken already. */
export class RecordConflict extends Error {
  constructor(collection: string, id: string) {
    super(`A record with id "${id}" already exists in "${collection}"`);
    this.name = 'RecordConflict';
  }
}

/**
 * Sets a field as data, as insert's spread and JSON.parse do: plain assignment of `__proto__`
 * would swap the record's prototype instead and drop the field.
 */
export function setField(record: StoredRecord, field: string, value: unknown): void {
  Object.defineProperty(record, field, { value, enumerable: true, writable: true, configurable: true });
}

/** A record with a patch merged in: a field set to null is removed; the id names the row, so a patch cannot move it. */
export function patched(record: StoredRecord, patch: Record<string, unknown>): StoredRecord {
  for (const [field, value] of Object.entries(patch)) {
    if (field === 'id') continue;
    if (value === null) delete record[field];
    else setField(record, field, value);
  }
  return record;
}
