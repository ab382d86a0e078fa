import { Worker } from 'node:worker_threads';
import type { Statement } from 'better-sqlite3';
import { workerEntry } from '../workers/entry.js';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { createIndexSql, dropTriggersSql } from './record-keys.js';

/** An index a published record.query needs: equality fields first, then the sort field. */
export type RecordIndexSpec = { collection: string; fields: readonly string[] };

export type RecordIndexState = 'building' | 'ready' | 'dropping';

export type RecordIndexInfo = {
  id: number;
  collection: string;
  fields: string[];
  state: RecordIndexState;
  /** 0…1: how far the fill has come (1 once ready). */
  progress: number;
  createdAt: string;
  readyAt: string | null;
};

type IndexRow = { id: number; collection: string; fields: string; state: RecordIndexState; built_through: number; build_target: number; created_at: string; ready_at: string | null };

/** How long stop() waits for the builder thread to close its connection before ending it. */
const STOP_TIMEOUT_MS = 5_000;
/** A builder that keeps dying is started again this many times, then left until the next start. */
const MAX_BUILDER_RESTARTS = 3;

/** What the builder thread is started with, and the messages between it and the listener. */
export type IndexBuilderData = { dbFile: string };
export type ToIndexBuilder = { kind: 'wake' } | { kind: 'stop' };
export type FromIndexBuilder = { kind: 'idle' } | { kind: 'failed'; message: string };

/** What changed in one reconcile. */
export type IndexChanges = { created: RecordIndexSpec[]; dropped: RecordIndexSpec[] };

/**
 * The record store's indexes, kept to what published record.query nodes need: made in the
 * background without stopping writes, used by queries once ready, dropped when no longer needed.
 */
export interface RecordIndexes {
  /** Every index, with its state and progress; the store browser shows them. */
  list(): Promise<RecordIndexInfo[]>;
  /** Makes the indexes in `needed` that are missing and starts dropping those no longer needed; answers what changed. */
  reconcile(needed: readonly RecordIndexSpec[]): Promise<IndexChanges>;
  /** Resolves once no index is being built or dropped (for tests and the bench). */
  whenIdle(): Promise<void>;
  /** Stops building; whatever is unfinished resumes when the workspace opens next. */
  stop(): Promise<void>;
}

export const specKey = (collection: string, fields: readonly string[]): string => `${collection}\u0000${JSON.stringify(fields)}`;

/**
 * The SQLite record store's indexes: made and dropped here, on the listener's connection, to match what
 * published APIs need (reconcile: a table and its triggers, quick); filled or emptied in the
 * background by a thread of their own (server/workers/record-index-builder.ts), a chunk of a few
 * milliseconds at a time. Queries use an index once it is ready.
 */
export class SqliteRecordIndexes implements RecordIndexes {
  private readonly statements: Record<'live' | 'all' | 'pending' | 'insert' | 'target' | 'ready' | 'dropping', Statement>;
  private builder: Worker | undefined;
  private stopped = false;
  private restarts = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly onError: (message: string) => void = (message) => console.error(`[record indexes] ${message}`),
  ) {
    this.statements = {
      live: db.prepare("SELECT * FROM record_indexes WHERE state <> 'dropping'"),
      all: db.prepare('SELECT * FROM record_indexes ORDER BY collection, id'),
      pending: db.prepare("SELECT 1 FROM record_indexes WHERE state IN ('building', 'dropping') LIMIT 1"),
      insert: db.prepare("INSERT INTO record_indexes (collection, fields, state, created_at) VALUES (?, ?, 'building', ?)"),
      target: db.prepare('UPDATE record_indexes SET build_target = (SELECT IFNULL(MAX(seq), 0) FROM records WHERE collection = ?) WHERE id = ? RETURNING build_target'),
      ready: db.prepare("UPDATE record_indexes SET state = 'ready', built_through = build_target, ready_at = ? WHERE id = ?"),
      dropping: db.prepare("UPDATE record_indexes SET state = 'dropping' WHERE id = ?"),
    };
    // What a previous run left unfinished goes on now.
    if (this.statements.pending.get()) this.wake();
  }

  async list(): Promise<RecordIndexInfo[]> {
    return (this.statements.all.all() as IndexRow[]).map(infoOf);
  }

  /** A missing index's upkeep (triggers) starts at once, its fill follows in the background. */
  async reconcile(needed: readonly RecordIndexSpec[]): Promise<IndexChanges> {
    const wanted = new Map(needed.map((spec) => [specKey(spec.collection, spec.fields), spec]));
    const live = this.statements.live.all() as IndexRow[];
    const have = new Set(live.map((row) => specKey(row.collection, JSON.parse(row.fields) as string[])));
    const created = [...wanted].filter(([key]) => !have.has(key)).map(([, spec]) => spec);
    const unneeded = live.filter((row) => !wanted.has(specKey(row.collection, JSON.parse(row.fields) as string[])));
    if (created.length === 0 && unneeded.length === 0) return { created, dropped: [] };
    this.db.transaction(() => {
      for (const spec of created) this.create(spec);
      for (const row of unneeded) {
        this.db.exec(dropTriggersSql(row.id));
        this.statements.dropping.run(row.id);
      }
    })();
    this.wake();
    return { created, dropped: unneeded.map((row) => ({ collection: row.collection, fields: JSON.parse(row.fields) as string[] })) };
  }

  whenIdle(): Promise<void> {
    if (!this.statements.pending.get()) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wake();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const builder = this.builder;
    this.builder = undefined;
    if (!builder) return;
    const exited = new Promise<void>((resolve) => builder.once('exit', () => resolve()));
    builder.postMessage({ kind: 'stop' } satisfies ToIndexBuilder);
    const timer = setTimeout(() => void builder.terminate(), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  private create(spec: RecordIndexSpec): void {
    const id = Number(this.statements.insert.run(spec.collection, JSON.stringify(spec.fields), nowIso()).lastInsertRowid);
    this.db.exec(createIndexSql({ id, collection: spec.collection, fields: spec.fields }));
    // Records written from here on get their keys from the triggers; the fill covers those before.
    const { build_target: target } = this.statements.target.get(spec.collection, id) as { build_target: number };
    if (target === 0) this.statements.ready.run(nowIso(), id);
  }

  private wake(): void {
    if (this.stopped) return;
    this.builder ??= this.startBuilder();
    this.builder.postMessage({ kind: 'wake' } satisfies ToIndexBuilder);
  }

  private startBuilder(): Worker {
    const entry = workerEntry('record-index-builder');
    const builder = new Worker(entry.file, { execArgv: entry.execArgv, workerData: { dbFile: this.db.name } satisfies IndexBuilderData });
    // The listener's process exits when it is done serving; unfinished index work resumes at the next start.
    builder.unref();
    builder.on('message', (message: FromIndexBuilder) => {
      if (message.kind === 'idle') this.idleWaiters.splice(0).forEach((resolve) => resolve());
      else this.onError(message.message);
    });
    builder.on('error', (error) => this.onError(`the index builder failed: ${error.message}`));
    builder.on('exit', () => {
      if (this.builder !== builder) return;
      this.builder = undefined;
      if (this.stopped || !this.db.open || !this.statements.pending.get()) return;
      if (++this.restarts > MAX_BUILDER_RESTARTS) return this.onError('the index builder keeps stopping; unfinished indexes resume at the next start');
      this.wake();
    });
    return builder;
  }
}

function infoOf(row: IndexRow): RecordIndexInfo {
  const progress = row.state === 'ready' ? 1 : row.state === 'dropping' || row.build_target === 0 ? 0 : row.built_through / row.build_target;
  return { id: row.id, collection: row.collection, fields: JSON.parse(row.fields) as string[], state: row.state, progress, createdAt: row.created_at, readyAt: row.ready_at };
}
