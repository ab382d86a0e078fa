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

/**
 * The record store that flows read and write. Async so that a PostgreSQL store can replace
 * the SQLite one for several replicas without touching executors.
 */
export interface RecordStore {
  insert(collection: string, document: Record<string, unknown>): Promise<StoredRecord>;
  get(collection: string, id: string): Promise<StoredRecord | undefined>;
  query(collection: string, query: RecordQuery): Promise<{ items: StoredRecord[]; total: number }>;
  /** Merges the patch; a field set to null is removed. Undefined when there is no such record. */
  update(collection: string, id: string, patch: Record<string, unknown>): Promise<StoredRecord | undefined>;
  delete(collection: string, id: string): Promise<boolean>;
}
