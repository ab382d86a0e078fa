import { setImmediate as yieldToLoop } from 'node:timers/promises';
import {
  RECORDS_FILE_FORMAT,
  RECORDS_FILE_VERSION,
  RECORD_IMPORT_LIMITS,
  type CollectionExport,
  type CollectionSummary,
  type RecordsPage,
  type RecordsWrite,
  type RecordsWritten,
  type StoredRecord,
} from '../../shared/api/collections.js';
import type { z } from 'zod';
import type { RecordsQuery } from '../../shared/api/collections.js';
import { COLLECTION_PATTERN } from '../../shared/nodes/records.js';
import { HttpError, notFound } from '../http/errors.js';
import { ImportConflicts, type RecordCollections } from '../workspace/record-collections.js';
import type { RecordIndexes } from '../workspace/record-indexes.js';
import { InvalidFieldName } from '../workspace/record-keys.js';
import { InvalidCursor, RecordConflict, type RecordStore } from '../workspace/record-store.js';
import { toCsv } from './collections/csv.js';
import { checkBodyShape, recordOf, recordsOf } from './collections/import-records.js';

/** Records an export reads per step, handing the event loop back between steps. */
const EXPORT_PAGE_RECORDS = 5_000;

export type CollectionDeps = { store: RecordStore; collections: RecordCollections; indexes: RecordIndexes };

/** The store browser: collections with counts and indexes, paged records, edits, imports and exports. */
export class CollectionService {
  constructor(private readonly deps: CollectionDeps) {}

  /** Collections with records, and those an index is kept for (empty until the API writes some). */
  async list(): Promise<CollectionSummary[]> {
    const [counts, indexes] = await Promise.all([this.deps.collections.counts(), this.deps.indexes.list()]);
    const byName = new Map<string, CollectionSummary>();
    for (const { collection, records } of counts) byName.set(collection, { name: collection, records, indexes: [] });
    for (const index of indexes) {
      if (index.state === 'dropping') continue;
      const summary = byName.get(index.collection) ?? { name: index.collection, records: 0, indexes: [] };
      summary.indexes.push({ fields: index.fields, state: index.state, progress: index.progress, readyAt: index.readyAt });
      byName.set(index.collection, summary);
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async browse(name: string, query: z.output<typeof RecordsQuery>): Promise<RecordsPage> {
    const collection = checkedName(name);
    const filter = filterOf(query.filter);
    try {
      return await this.deps.store.page(collection, { filter, sort: query.sort, limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}), count: query.count === 'true' });
    } catch (error) {
      if (error instanceof InvalidCursor) throw new HttpError(400, 'invalid_cursor', error.message);
      if (error instanceof InvalidFieldName) throw new HttpError(400, 'invalid_field', error.message);
      throw error;
    }
  }

  async get(name: string, id: string): Promise<StoredRecord> {
    const record = await this.deps.store.get(checkedName(name), id);
    if (!record) throw notFound(`The record "${id}" in "${name}"`);
    return record;
  }

  async write(name: string, body: RecordsWrite): Promise<RecordsWritten> {
    const collection = checkedName(name);
    checkBodyShape(body);
    if ('record' in body) {
      const record = recordOf(body.record);
      if (typeof record === 'string') throw new HttpError(400, 'invalid_record', `The record is not valid: ${record}`);
      try {
        return { inserted: 1, replaced: 0, skipped: 0, record: await this.deps.store.insert(collection, record) };
      } catch (error) {
        if (error instanceof RecordConflict) throw new HttpError(409, 'record_conflict', `${error.message}; edit that record instead, or choose another id`);
        throw error;
      }
    }
    const records = recordsOf(body);
    try {
      return await this.deps.collections.import(collection, records, body.onConflict);
    } catch (error) {
      if (!(error instanceof ImportConflicts)) throw error;
      throw new HttpError(
        409,
        'record_conflict',
        `${error.message} (${error.ids.slice(0, 5).join(', ')}${error.ids.length > 5 ? ', …' : ''}); nothing was imported. Import again choosing to skip or to replace them.`,
        { ids: error.ids },
      );
    }
  }

  async replace(name: string, id: string, body: unknown): Promise<StoredRecord> {
    const collection = checkedName(name);
    checkBodyShape(body);
    const record = recordOf(body === null || typeof body !== 'object' || Array.isArray(body) || 'id' in body ? body : { ...body, id });
    if (typeof record === 'string') throw new HttpError(400, 'invalid_record', `The record is not valid: ${record}`);
    if (record.id !== id) throw new HttpError(400, 'id_mismatch', `The record's id "${record.id}" is not the one in the path ("${id}"); a record's id cannot change`);
    if (!(await this.deps.collections.replace(collection, record))) throw notFound(`The record "${id}" in "${name}"`);
    return record;
  }

  async delete(name: string, id: string): Promise<void> {
    if (!(await this.deps.store.delete(checkedName(name), id))) throw notFound(`The record "${id}" in "${name}"`);
  }

  /** The whole collection in insertion order, read a few thousand records at a time. */
  async export(name: string, format: 'json' | 'csv'): Promise<CollectionExport | string> {
    const collection = checkedName(name);
    const records: StoredRecord[] = [];
    let after = 0;
    for (;;) {
      const page = await this.deps.collections.readAfter(collection, after, EXPORT_PAGE_RECORDS);
      for (const row of page) records.push(row.record);
      if (page.length < EXPORT_PAGE_RECORDS) break;
      after = page.at(-1)!.seq;
      await yieldToLoop();
    }
    if (format === 'json') return { format: RECORDS_FILE_FORMAT, version: RECORDS_FILE_VERSION, collection, exportedAt: new Date().toISOString(), records };
    return toCsv(csvFields(records), records);
  }
}

function checkedName(name: string): string {
  if (!COLLECTION_PATTERN.test(name)) {
    throw new HttpError(400, 'invalid_collection', `"${name}" is not a collection name: up to 64 letters, digits, "_" or "-", starting with a letter or "_"`);
  }
  return name;
}

/** The browse filter: a JSON object of field → value. */
function filterOf(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_filter', 'The filter must be a JSON object of field → value, e.g. {"team":"red"}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, 'invalid_filter', 'The filter must be a JSON object of field → value, e.g. {"team":"red"}');
  }
  return parsed as Record<string, unknown>;
}

/** The CSV's columns: id first, then every other field in the order first seen. */
function csvFields(records: readonly StoredRecord[]): string[] {
  const fields = new Set<string>(['id']);
  for (const record of records) {
    for (const field of Object.keys(record)) {
      fields.add(field);
      if (fields.size > RECORD_IMPORT_LIMITS.csvColumns) {
        throw new HttpError(422, 'too_many_fields', `The records have more than ${RECORD_IMPORT_LIMITS.csvColumns} different fields, too many for CSV columns; export as JSON instead`);
      }
    }
  }
  return [...fields];
}
