import type { Storage } from '../storage/storage.js';
import { byEngine } from '../storage/storage.js';
import { PostgresRecordCollections } from './postgres/record-collections.js';
import { PostgresRecordIndexes } from './postgres/record-indexes.js';
import { PostgresRecordStore } from './postgres/record-store.js';
import { PostgresSandboxRecordStore } from './postgres/sandbox-record-store.js';
import { PostgresSandboxes } from './postgres/sandboxes.js';
import { SqliteRecordCollections, type RecordCollections } from './record-collections.js';
import { SqliteRecordIndexes, type RecordIndexes } from './record-indexes.js';
import type { RecordStore } from './record-store.js';
import { SqliteSandboxRecordStore } from './sandbox-record-store.js';
import { SqliteSandboxes, type Sandboxes } from './sandboxes.js';
import { SqliteRecordStore } from './sqlite-record-store.js';

/** The records flows read and write, in the workspace's engine. */
export const recordStoreFor = (storage: Storage): RecordStore =>
  byEngine<RecordStore>(storage, { sqlite: (db) => new SqliteRecordStore(db), postgres: (pg) => new PostgresRecordStore(pg) });

/** The store browser's collections, counts, imports and exports. */
export const recordCollectionsFor = (storage: Storage): RecordCollections =>
  byEngine<RecordCollections>(storage, { sqlite: (db) => new SqliteRecordCollections(db), postgres: (pg) => new PostgresRecordCollections(pg) });

/** The indexes published record.query nodes need; building starts (or resumes) in the background. */
export const recordIndexesFor = (storage: Storage, onError?: (message: string) => void): RecordIndexes =>
  byEngine<RecordIndexes>(storage, { sqlite: (db) => new SqliteRecordIndexes(db, onError), postgres: (pg) => new PostgresRecordIndexes(pg, onError) });

/** Draft sessions' sandboxes. */
export const sandboxesFor = (storage: Storage, now?: () => number): Sandboxes =>
  byEngine<Sandboxes>(storage, { sqlite: (db) => new SqliteSandboxes(db, now), postgres: (pg) => new PostgresSandboxes(pg, now) });

/** One sandbox's view of the records: `live` (the same engine's RecordStore) with the sandbox laid over it. */
export const sandboxRecordStoreFor = (storage: Storage, live: RecordStore, sandboxId: string): RecordStore =>
  byEngine<RecordStore>(storage, { sqlite: (db) => new SqliteSandboxRecordStore(db, live, sandboxId), postgres: (pg) => new PostgresSandboxRecordStore(pg, sandboxId) });
