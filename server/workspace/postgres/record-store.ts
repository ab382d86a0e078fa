import { randomUUID } from 'node:crypto';
import { HttpError } from '../../http/errors.js';
import type { NamedStatement, PgDatabase } from '../../storage/postgres.js';
import { patched, RecordConflict, type RecordPage, type RecordPageQuery, type RecordQuery, type RecordStore, type StoredRecord } from '../record-store.js';
import { storageErrorOf } from '../storage-errors.js';
import { countStatement, legacyStatement, pageOf, pageStatement, PgParams, pgLiteral, type RecordSource } from './record-sql.js';

/** PostgreSQL's unique_violation. */
export const UNIQUE_VIOLATION = '23505';
/** PostgreSQL's untranslatable_character: jsonb text cannot hold U+0000. */
const UNTRANSLATABLE_CHARACTER = '22P05';

/** A record PostgreSQL's jsonb cannot hold (a NUL character in its text); SQLite would store it. */
export class UnstorableRecord extends HttpError {
  constructor(what: string) {
    super(422, 'unstorable_record', `The workspace could not store ${what}: a text in it holds the character U+0000, which PostgreSQL does not store. Remove it and try again.`);
    this.name = 'UnstorableRecord';
  }
}

/** Runs a write, turning a full disk on the database server into a StorageFullError and a NUL character into UnstorableRecord. */
export async function pgWrite<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: string }).code === UNTRANSLATABLE_CHARACTER) throw new UnstorableRecord(what);
    throw storageErrorOf(error, what);
  }
}

/** The hot record statements, prepared once per connection (fixed SQL: a fixed set of names). */
const GET_RECORD: NamedStatement = { name: 'flowgate_record_get', text: 'SELECT data FROM records WHERE collection = $1 AND id = $2' };
const INSERT_RECORD: NamedStatement = { name: 'flowgate_record_insert', text: 'INSERT INTO records (collection, id, data) VALUES ($1, $2, $3::json)' };
const LOCK_RECORD: NamedStatement = { name: 'flowgate_record_lock', text: 'SELECT data FROM records WHERE collection = $1 AND id = $2 FOR UPDATE' };
const UPDATE_RECORD: NamedStatement = { name: 'flowgate_record_update', text: 'UPDATE records SET data = $3::json WHERE collection = $1 AND id = $2' };
const DELETE_RECORD: NamedStatement = { name: 'flowgate_record_delete', text: 'DELETE FROM records WHERE collection = $1 AND id = $2' };

/** The live records of one collection; the collection is written into the SQL so a partial index on it matches. */
export const liveSource = (collection: string): RecordSource => ({ from: 'records AS r', where: [`r.collection = ${pgLiteral(collection)}`] });

/** Records in PostgreSQL, one document per row (as written, and as jsonb to query); any number of replicas read and write them at once. */
export class PostgresRecordStore implements RecordStore {
  constructor(private readonly pg: PgDatabase) {}

  async insert(collection: string, document: Record<string, unknown>): Promise<StoredRecord> {
    const id = document.id === undefined || document.id === null ? randomUUID() : String(document.id);
    const record: StoredRecord = { ...document, id };
    await pgWrite(`a record in "${collection}"`, async () => {
      try {
        await this.pg.run(INSERT_RECORD, [collection, id, JSON.stringify(record)]);
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new RecordConflict(collection, id);
        throw error;
      }
    });
    return record;
  }

  async get(collection: string, id: string): Promise<StoredRecord | undefined> {
    return (await this.pg.one<{ data: StoredRecord }>(GET_RECORD, [collection, id]))?.data;
  }

  async query(collection: string, query: RecordQuery): Promise<{ items: StoredRecord[]; total: number }> {
    const source = liveSource(collection);
    const params = new PgParams();
    const rows = this.pg.all<{ data: StoredRecord }>(legacyStatement(source, query, params), params.values);
    const total = this.count(collection, query.filter);
    return { items: (await rows).map((row) => row.data), total: await total };
  }

  async page(collection: string, query: RecordPageQuery): Promise<RecordPage> {
    const params = new PgParams();
    const { text } = pageStatement(liveSource(collection), query, params);
    const page = pageOf(await this.pg.all(text, params.values), query);
    if (query.count) page.total = await this.count(collection, query.filter);
    return page;
  }

  /** PostgreSQL's plan for a page of this query (EXPLAIN's lines), e.g. which index it reads. */
  async planOf(collection: string, query: RecordPageQuery): Promise<string[]> {
    const params = new PgParams();
    const { text } = pageStatement(liveSource(collection), query, params);
    return (await this.pg.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params.values)).map((row) => row['QUERY PLAN']);
  }

  /** Merges as SQLite does (fields kept in place, new ones last, null removes), under the row's lock so two replicas' changes both land. */
  async update(collection: string, id: string, patch: Record<string, unknown>): Promise<StoredRecord | undefined> {
    return pgWrite(`a change to a record in "${collection}"`, () =>
      this.pg.transaction(async (client) => {
        const row = await this.pg.one<{ data: StoredRecord }>(LOCK_RECORD, [collection, id], client);
        if (!row) return undefined;
        const record = patched(row.data, patch);
        await this.pg.run(UPDATE_RECORD, [collection, id, JSON.stringify(record)], client);
        return record;
      }),
    );
  }

  async delete(collection: string, id: string): Promise<boolean> {
    return (await pgWrite(`the deletion of a record in "${collection}"`, () => this.pg.run(DELETE_RECORD, [collection, id]))) > 0;
  }

  /** A whole collection's count is kept by triggers; a filtered one counts its matches. */
  private async count(collection: string, filter: Record<string, unknown>): Promise<number> {
    const params = new PgParams();
    const text = countStatement(liveSource(collection), filter, params);
    if (params.values.length === 0) {
      return (await this.pg.one<{ records: number }>('SELECT records FROM record_counts WHERE collection = $1', [collection]))?.records ?? 0;
    }
    return (await this.pg.one<{ n: number }>(text, params.values))!.n;
  }
}
