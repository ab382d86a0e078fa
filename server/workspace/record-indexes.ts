import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { createIndexSql, dropChunkSql, dropTriggersSql, fillChunkSql, keyTable, type IndexShape } from './record-keys.js';

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

/** Each chunk of a fill or drop holds the write lock about this long, so other writers wait no longer. */
const CHUNK_BUDGET_MS = 4;
/** The event loop's share between chunks: requests and other writes run here. */
const CHUNK_PAUSE_MS = 4;
/** Rows per chunk adapt to CHUNK_BUDGET_MS within these bounds, by at most this factor per chunk. */
const MIN_CHUNK_ROWS = 50;
const MAX_CHUNK_ROWS = 50_000;
const FIRST_CHUNK_ROWS = 500;
const MAX_CHUNK_GROWTH = 2;
/** After a failed chunk (a full disk), wait this long before trying again. */
const RETRY_AFTER_FAILURE_MS = 5_000;

const specKey = (collection: string, fields: readonly string[]): string => `${collection}\u0000${JSON.stringify(fields)}`;

/**
 * The record store's indexes: made and dropped to match what published APIs need (reconcile), each
 * filled or emptied in chunks of a few milliseconds on this thread between other work, so neither
 * requests nor other writers wait for a whole build. Queries use an index once it is ready.
 */
export class RecordIndexes {
  private readonly statements: Record<'live' | 'all' | 'next' | 'insert' | 'target' | 'chunkEnd' | 'progress' | 'ready' | 'dropping' | 'forget', Statement>;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private chunkRows = FIRST_CHUNK_ROWS;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly onError: (message: string) => void = (message) => console.error(`[record indexes] ${message}`),
  ) {
    this.statements = {
      live: db.prepare("SELECT * FROM record_indexes WHERE state <> 'dropping'"),
      all: db.prepare('SELECT * FROM record_indexes ORDER BY collection, id'),
      next: db.prepare("SELECT * FROM record_indexes WHERE state IN ('building', 'dropping') ORDER BY state = 'dropping', id LIMIT 1"),
      insert: db.prepare("INSERT INTO record_indexes (collection, fields, state, created_at) VALUES (?, ?, 'building', ?)"),
      target: db.prepare('UPDATE record_indexes SET build_target = (SELECT IFNULL(MAX(seq), 0) FROM records WHERE collection = ?) WHERE id = ? RETURNING build_target'),
      chunkEnd: db.prepare('SELECT seq FROM records WHERE collection = ? AND seq > ? ORDER BY seq LIMIT 1 OFFSET ?'),
      progress: db.prepare('UPDATE record_indexes SET built_through = ? WHERE id = ?'),
      ready: db.prepare("UPDATE record_indexes SET state = 'ready', built_through = build_target, ready_at = ? WHERE id = ?"),
      dropping: db.prepare("UPDATE record_indexes SET state = 'dropping' WHERE id = ?"),
      forget: db.prepare('DELETE FROM record_indexes WHERE id = ?'),
    };
    this.schedule();
  }

  /** Every index, with its state and progress; the store browser shows them. */
  list(): RecordIndexInfo[] {
    return (this.statements.all.all() as IndexRow[]).map(infoOf);
  }

  /**
   * Makes the indexes in `needed` that are missing (their upkeep starts at once, the fill follows in
   * the background) and starts dropping those no longer needed. Answers what changed.
   */
  reconcile(needed: readonly RecordIndexSpec[]): { created: RecordIndexSpec[]; dropped: RecordIndexSpec[] } {
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
    this.schedule();
    return { created, dropped: unneeded.map((row) => ({ collection: row.collection, fields: JSON.parse(row.fields) as string[] })) };
  }

  /** Resolves once no index is being filled or dropped (for tests and the bench). */
  whenIdle(): Promise<void> {
    if (!this.statements.next.get()) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.schedule();
    });
  }

  /** Stops the background work; whatever is unfinished resumes when the workspace opens next. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private create(spec: RecordIndexSpec): void {
    const id = Number(this.statements.insert.run(spec.collection, JSON.stringify(spec.fields), nowIso()).lastInsertRowid);
    this.db.exec(createIndexSql({ id, collection: spec.collection, fields: spec.fields }));
    // Records written from here on get their keys from the triggers; the fill covers those before.
    const { build_target: target } = this.statements.target.get(spec.collection, id) as { build_target: number };
    if (target === 0) this.statements.ready.run(nowIso(), id);
  }

  private schedule(delayMs = CHUNK_PAUSE_MS): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.step();
    }, delayMs);
    // Pending index work never keeps a process alive: it resumes at the next start.
    this.timer.unref();
  }

  private step(): void {
    if (this.stopped || !this.db.open) return;
    const job = this.statements.next.get() as IndexRow | undefined;
    if (!job) {
      this.idleWaiters.splice(0).forEach((resolve) => resolve());
      return;
    }
    const started = performance.now();
    try {
      if (job.state === 'building') this.fillChunk(job);
      else this.dropChunk(job);
    } catch (error) {
      this.onError(`index ${job.id} on "${job.collection}" (${job.fields}): ${error instanceof Error ? error.message : String(error)}; trying again in ${RETRY_AFTER_FAILURE_MS / 1000} s`);
      this.schedule(RETRY_AFTER_FAILURE_MS);
      return;
    }
    this.adapt(performance.now() - started);
    this.schedule();
  }

  private fillChunk(job: IndexRow): void {
    const shape: IndexShape = { id: job.id, collection: job.collection, fields: JSON.parse(job.fields) as string[] };
    const end = this.statements.chunkEnd.get(job.collection, job.built_through, this.chunkRows - 1) as { seq: number } | undefined;
    const through = Math.min(end?.seq ?? job.build_target, job.build_target);
    this.db.transaction(() => {
      this.db.prepare(fillChunkSql(shape)).run(job.collection, job.built_through, through);
      if (through >= job.build_target) this.statements.ready.run(nowIso(), job.id);
      else this.statements.progress.run(through, job.id);
    })();
  }

  private dropChunk(job: IndexRow): void {
    const fields = JSON.parse(job.fields) as string[];
    this.db.transaction(() => {
      const deleted = this.db.prepare(dropChunkSql({ id: job.id, fields })).run(this.chunkRows).changes;
      if (deleted < this.chunkRows) {
        this.db.exec(`DROP TABLE IF EXISTS ${keyTable(job.id)}`);
        this.statements.forget.run(job.id);
      }
    })();
  }

  /** Sizes the next chunk so it takes about CHUNK_BUDGET_MS, changing by at most MAX_CHUNK_GROWTH at a time. */
  private adapt(elapsedMs: number): void {
    const factor = Math.min(MAX_CHUNK_GROWTH, Math.max(1 / MAX_CHUNK_GROWTH, CHUNK_BUDGET_MS / Math.max(elapsedMs, 0.05)));
    this.chunkRows = Math.round(Math.min(MAX_CHUNK_ROWS, Math.max(MIN_CHUNK_ROWS, this.chunkRows * factor)));
  }
}

function infoOf(row: IndexRow): RecordIndexInfo {
  const progress = row.state === 'ready' ? 1 : row.state === 'dropping' || row.build_target === 0 ? 0 : row.built_through / row.build_target;
  return { id: row.id, collection: row.collection, fields: JSON.parse(row.fields) as string[], state: row.state, progress, createdAt: row.created_at, readyAt: row.ready_at };
}
