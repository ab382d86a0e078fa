import { z } from 'zod';
import { IMPORT_LIMITS } from '../model/workspace-file.js';
import { answer, defineRoute } from './contract.js';

/** A stored record: a JSON object with a string id. */
export type StoredRecord = { id: string } & Record<string, unknown>;

export type CollectionIndex = {
  /** The key's fields: a filter field, then the sort field when the query sorts. */
  fields: string[];
  state: 'building' | 'ready' | 'dropping';
  /** 0…1 while building. */
  progress: number;
  readyAt: string | null;
};

export type CollectionSummary = { name: string; records: number; indexes: CollectionIndex[] };

export type RecordsPage = { items: StoredRecord[]; nextCursor: string | null; total?: number };

/** What a write did: one record (`record` holds it as stored) or a bulk import. */
export type RecordsWritten = { inserted: number; replaced: number; skipped: number; record?: StoredRecord };

export const RECORDS_FILE_FORMAT = 'flowgate-records';
export const RECORDS_FILE_VERSION = 1;

/** An exported collection; an import takes the same file (or its `records` alone, or CSV). */
export type CollectionExport = { format: typeof RECORDS_FILE_FORMAT; version: typeof RECORDS_FILE_VERSION; collection: string; exportedAt: string; records: StoredRecord[] };

/** What one import may hold, besides the workspace import's byte, depth and value limits. */
export const RECORD_IMPORT_LIMITS = {
  records: 100_000,
  /** A record id: the store's key. */
  idChars: 200,
  /** CSV header cells: fields per record. */
  csvColumns: 200,
  csvBytes: IMPORT_LIMITS.maxBytes,
} as const;

/** Records a browse page holds at most. */
export const MAX_BROWSE_LIMIT = 200;
export const DEFAULT_BROWSE_LIMIT = 50;

/** Existing ids in an import: refuse the whole import (the default), keep the stored record, or replace it. */
export const OnConflict = z.enum(['fail', 'skip', 'replace']);
export type OnConflict = z.infer<typeof OnConflict>;

export const RecordsQuery = z.object({
  /** A JSON object of field → value, e.g. {"team":"red"}: records whose fields equal all of them. */
  filter: z.string().max(4000).optional(),
  /** A field name, "-" in front for descending; empty for insertion order. */
  sort: z.string().max(201).default(''),
  cursor: z.string().max(4096).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_BROWSE_LIMIT).default(DEFAULT_BROWSE_LIMIT),
  /** "true" adds the number of every match. */
  count: z.enum(['true', 'false']).optional(),
});

/** POST: one record (`{record}`), or a bulk import of `records` (an array or an exported file's) or of `csv` text, all or nothing. */
export const RecordsWrite = z.union([
  z.object({ record: z.unknown() }).strict(),
  z.object({ records: z.array(z.unknown()).max(RECORD_IMPORT_LIMITS.records), onConflict: OnConflict.default('fail') }).strict(),
  z.object({ file: z.unknown(), onConflict: OnConflict.default('fail') }).strict(),
  z.object({ csv: z.string().max(RECORD_IMPORT_LIMITS.csvBytes), onConflict: OnConflict.default('fail') }).strict(),
]);
export type RecordsWrite = z.infer<typeof RecordsWrite>;

export const ExportQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

/** /collections: the record store as a builder browses it. Collections exist while they hold records. */
export const collectionRoutes = {
  list: defineRoute({ method: 'GET', path: '/collections', answer: answer<CollectionSummary[]>() }),
  records: defineRoute({ method: 'GET', path: '/collections/:name/records', query: RecordsQuery, answer: answer<RecordsPage>() }),
  write: defineRoute({ method: 'POST', path: '/collections/:name/records', body: RecordsWrite, status: 201, answer: answer<RecordsWritten>() }),
  get: defineRoute({ method: 'GET', path: '/collections/:name/records/:id', answer: answer<StoredRecord>() }),
  /** The body is the whole record; its id, if it has one, must be the path's. */
  replace: defineRoute({ method: 'PUT', path: '/collections/:name/records/:id', body: z.unknown(), answer: answer<StoredRecord>() }),
  delete: defineRoute({ method: 'DELETE', path: '/collections/:name/records/:id', status: 204 }),
  /** JSON (a CollectionExport) or CSV text, as an attachment. */
  export: defineRoute({ method: 'GET', path: '/collections/:name/export', query: ExportQuery, answer: answer<CollectionExport | string>() }),
};
