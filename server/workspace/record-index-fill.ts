import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { dropChunkSql, fillChunkSql, keyTable, type IndexShape } from './record-keys.js';

/** Each chunk of a fill or drop holds the write lock about this long, so other writers wait no longer. */
export const CHUNK_BUDGET_MS = 10;
/** Rows per chunk adapt to CHUNK_BUDGET_MS within these bounds, by at most this factor per chunk. */
const MIN_CHUNK_ROWS = 100;
const MAX_CHUNK_ROWS = 100_000;
const FIRST_CHUNK_ROWS = 1000;
const MAX_CHUNK_GROWTH = 2;

type JobRow = { id: number; collection: string; fields: string; state: 'building' | 'dropping'; built_through: number; build_target: number };

/**
 * The background half of the record indexes: one chunk at a time, fills the key table of an index
 * being built (records up to the seq it started at; later ones got their keys from the triggers)
 * or empties and drops one no longer needed. Runs on its own connection (a thread, see
 * server/workers/record-index-builder.ts), so a chunk holds up other writers, never a reader.
 */
export class RecordIndexFill {
  private readonly statements: Record<'next' | 'chunkEnd' | 'progress' | 'ready' | 'forget', Statement>;
  private chunkRows = FIRST_CHUNK_ROWS;

  constructor(private readonly db: Db) {
    this.statements = {
      next: db.prepare("SELECT * FROM record_indexes WHERE state IN ('building', 'dropping') ORDER BY state = 'dropping', id LIMIT 1"),
      chunkEnd: db.prepare('SELECT seq FROM records WHERE collection = ? AND seq > ? ORDER BY seq LIMIT 1 OFFSET ?'),
      progress: db.prepare('UPDATE record_indexes SET built_through = ? WHERE id = ?'),
      ready: db.prepare("UPDATE record_indexes SET state = 'ready', built_through = build_target, ready_at = ? WHERE id = ?"),
      forget: db.prepare('DELETE FROM record_indexes WHERE id = ?'),
    };
  }

  /** Does one chunk of the oldest unfinished job, in one write transaction; false when there is none. */
  step(): boolean {
    const started = performance.now();
    const worked = this.db
      .transaction(() => {
        // Read inside the transaction: the listener may have started dropping this index a moment ago.
        const job = this.statements.next.get() as JobRow | undefined;
        if (job?.state === 'building') this.fillChunk(job);
        else if (job) this.dropChunk(job);
        return job !== undefined;
      })
      .immediate();
    if (worked) this.adapt(performance.now() - started);
    return worked;
  }

  private fillChunk(job: JobRow): void {
    const shape: IndexShape = { id: job.id, collection: job.collection, fields: JSON.parse(job.fields) as string[] };
    const end = this.statements.chunkEnd.get(job.collection, job.built_through, this.chunkRows - 1) as { seq: number } | undefined;
    const through = Math.min(end?.seq ?? job.build_target, job.build_target);
    this.db.prepare(fillChunkSql(shape)).run(job.collection, job.built_through, through);
    if (through >= job.build_target) this.statements.ready.run(nowIso(), job.id);
    else this.statements.progress.run(through, job.id);
  }

  private dropChunk(job: JobRow): void {
    const deleted = this.db.prepare(dropChunkSql({ id: job.id, fields: JSON.parse(job.fields) as string[] })).run(this.chunkRows).changes;
    if (deleted < this.chunkRows) {
      this.db.exec(`DROP TABLE IF EXISTS ${keyTable(job.id)}`);
      this.statements.forget.run(job.id);
    }
  }

  /** Sizes the next chunk so it takes about CHUNK_BUDGET_MS, changing by at most MAX_CHUNK_GROWTH at a time. */
  private adapt(elapsedMs: number): void {
    const factor = Math.min(MAX_CHUNK_GROWTH, Math.max(1 / MAX_CHUNK_GROWTH, CHUNK_BUDGET_MS / Math.max(elapsedMs, 0.05)));
    this.chunkRows = Math.round(Math.min(MAX_CHUNK_ROWS, Math.max(MIN_CHUNK_ROWS, this.chunkRows * factor)));
  }
}
