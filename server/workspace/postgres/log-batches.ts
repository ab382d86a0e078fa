import type { LogStatus } from '../../../shared/api/logs.js';
import type { PgDatabase } from '../../storage/postgres.js';
import { isStorageFailure } from '../storage-errors.js';
import { LOG_FLUSH_INTERVAL_MS, LOG_FLUSH_ROWS, LOG_FLUSH_WAIT_MS, LOG_MAX_ROWS, type LogRow } from '../request-log-rows.js';

/** Rows one replica keeps while PostgreSQL does not take them (~0.5 KB each); beyond it the oldest go, counted. */
export const MAX_QUEUED_ROWS = 50_000;
/** How often a replica tries again while PostgreSQL refuses rows: often enough to resume quickly, rarely enough not to hammer it. */
const RETRY_INTERVAL_MS = 1_000;

/**
 * One INSERT per batch, whatever its size: each column goes over as one array parameter and
 * unnest turns them back into rows, in order (so seq follows the order recorded).
 */
const INSERT_BATCH = `
INSERT INTO request_log (request_id, time, environment, api_id, version, method, path, status, latency_ms, token_id, ip, request_bytes, response_bytes, error_code, source)
SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::integer[], $6::text[], $7::text[], $8::integer[],
                     $9::double precision[], $10::text[], $11::text[], $12::bigint[], $13::bigint[], $14::text[], $15::text[])`;
/** As on SQLite: a few rows more than were written go from the oldest end, once the table holds more than it keeps. */
const PRUNE = `DELETE FROM request_log
  WHERE seq < (SELECT MIN(seq) FROM request_log) + $1 AND seq <= (SELECT MAX(seq) FROM request_log) - $2`;

/** A backlog goes over in bigger inserts (up to this many batches' worth each): fewer round trips when traffic outruns them. */
const BACKLOG_BATCHES_PER_INSERT = 10;
/** PostgreSQL's classes of errors in the data itself (22: data exception, 23: integrity): the batch would never be taken. */
const REFUSED_DATA = /^2[23]/;

export type LogBatchOptions = { maxQueuedRows?: number; maxRows?: number; batchRows?: number };

/**
 * One replica's writer of the request log on PostgreSQL: rows queue in memory and go over in
 * batches (every LOG_FLUSH_INTERVAL_MS, or at once when a batch is full), one batch in flight at a
 * time, from the main process without ever making a request wait. While PostgreSQL refuses them
 * (down, disk full, table gone) the rows stay queued and are tried again; the queue is capped,
 * its oldest rows dropped and counted, so a failing database never grows the process's memory.
 */
export class LogBatches {
  private queue: LogRow[] = [];
  private writing: Promise<void> | undefined;
  private scheduled = false;
  private failingSince = 0;
  private lastError: string | null = null;
  private droppedRows = 0;
  private lastDroppedAt = 0;
  private saidDropping = false;
  private saidPruneFailing = false;
  private closed = false;
  private readonly timer: NodeJS.Timeout;
  private readonly maxQueuedRows: number;
  private readonly maxRows: number;
  private readonly batchRows: number;

  constructor(
    private readonly pg: PgDatabase,
    options: LogBatchOptions = {},
  ) {
    this.maxQueuedRows = options.maxQueuedRows ?? MAX_QUEUED_ROWS;
    this.maxRows = options.maxRows ?? LOG_MAX_ROWS;
    this.batchRows = options.batchRows ?? LOG_FLUSH_ROWS;
    this.timer = setInterval(() => this.tick(), LOG_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  add(row: LogRow): void {
    if (this.closed) return;
    this.queue.push(row);
    if (this.queue.length > this.maxQueuedRows) this.trim();
    // A write in flight picks the next batch up itself when it ends.
    if (this.queue.length >= this.batchRows && !this.scheduled && !this.failing && !this.writing) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.tick();
      });
    }
  }

  /** Rows waiting to be written (the cap bounds it). */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Writes every row queued so far, batch after batch; stops at the first batch PostgreSQL refuses
   * (those rows stay queued). Resolves within LOG_FLUSH_WAIT_MS even when a write hangs (a read then
   * answers from the rows written so far); never rejects.
   */
  async flush(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, LOG_FLUSH_WAIT_MS);
      timer.unref();
    });
    try {
      await Promise.race([this.writeQueued(), waited]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async writeQueued(): Promise<void> {
    let batches = Math.ceil(this.queue.length / (this.batchRows * BACKLOG_BATCHES_PER_INSERT)) + 1;
    while (batches-- > 0) {
      while (this.writing) await this.writing;
      if (this.queue.length === 0) return;
      if (!(await this.writeNext())) return;
    }
  }

  health(): LogStatus {
    return {
      droppedRows: this.droppedRows,
      lastDroppedAt: this.lastDroppedAt === 0 ? null : new Date(this.lastDroppedAt).toISOString(),
      writing: this.failing ? 'failing' : 'ok',
      lastError: this.failing ? this.lastError : null,
    };
  }

  /** Writes what it can of the queue, then stops; rows PostgreSQL would not take are counted as dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    await this.flush();
    this.closed = true;
    while (this.writing) await this.writing;
    if (this.queue.length > 0) {
      console.error(`[request-log] ${this.queue.length} rows were not written before closing: ${this.lastError ?? 'the database did not answer in time'}`);
      this.drop(this.queue.length, 0);
    }
  }

  private get failing(): boolean {
    return this.failingSince !== 0;
  }

  private tick(): void {
    if (this.writing || this.queue.length === 0) return;
    if (this.failing && Date.now() - this.failingSince < RETRY_INTERVAL_MS) return;
    void this.writeNext();
  }

  /** One batch from the head of the queue; true when PostgreSQL took it. */
  private writeNext(): Promise<boolean> {
    const batch = this.queue.splice(0, this.batchRows * BACKLOG_BATCHES_PER_INSERT);
    const done = this.insert(batch);
    const writing = done.then(() => undefined);
    this.writing = writing;
    void writing.finally(() => {
      if (this.writing === writing) this.writing = undefined;
      if (this.queue.length >= this.batchRows && !this.failing) setImmediate(() => this.tick());
    });
    return done;
  }

  private async insert(batch: LogRow[]): Promise<boolean> {
    try {
      await this.pg.run(INSERT_BATCH, columnsOf(batch));
    } catch (error) {
      this.refused(batch, error);
      return false;
    }
    if (this.failing) {
      console.error(`[request-log] PostgreSQL takes rows again${this.droppedRows > 0 ? ` (${this.droppedRows} dropped in all)` : ''}`);
      this.failingSince = 0;
      this.saidDropping = false;
    }
    try {
      await this.pg.run(PRUNE, [batch.length * 2, this.maxRows]);
    } catch (error) {
      // The next batch prunes again (two replicas pruning at once is harmless); a prune that keeps failing is said once.
      if (!this.saidPruneFailing) console.error(`[request-log] could not prune the oldest rows: ${messageOf(error)}`);
      this.saidPruneFailing = true;
    }
    return true;
  }

  /** Keeps a refused batch at the head of the queue to try again, unless its data can never be taken. */
  private refused(batch: LogRow[], error: unknown): void {
    const reason = isStorageFailure(error) ? `the database's disk is full or failing (${messageOf(error)})` : messageOf(error);
    if (!this.failing) console.error(`[request-log] PostgreSQL does not take rows (${reason}); keeping up to ${this.maxQueuedRows} and trying again every ${RETRY_INTERVAL_MS} ms`);
    this.failingSince = Date.now();
    this.lastError = reason;
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && REFUSED_DATA.test(code)) {
      this.drop(0, batch.length);
      return;
    }
    this.queue = batch.concat(this.queue);
    if (this.queue.length > this.maxQueuedRows) this.trim();
  }

  /** Back under the cap with some room (a batch, or a tenth of the cap), so a full queue is trimmed once per many rows rather than per row. */
  private trim(): void {
    const room = Math.min(this.batchRows, Math.ceil(this.maxQueuedRows / 10));
    this.drop(this.queue.length - this.maxQueuedRows + room, 0);
    if (!this.saidDropping && !this.closed) {
      console.error(`[request-log] dropping the oldest rows: more than ${this.maxQueuedRows} wait for PostgreSQL (counted in GET /logs/status)`);
      this.saidDropping = true;
    }
  }

  /** Drops the oldest `count` queued rows and counts them, with `lost` rows already taken out of the queue. */
  private drop(count: number, lost: number): void {
    if (count > 0) this.queue.splice(0, count);
    this.droppedRows += count + lost;
    this.lastDroppedAt = Date.now();
  }
}

function columnsOf(batch: readonly LogRow[]): unknown[][] {
  return [
    batch.map((row) => row.requestId), batch.map((row) => row.time), batch.map((row) => row.environment), batch.map((row) => row.apiId),
    batch.map((row) => row.version), batch.map((row) => row.method), batch.map((row) => row.path), batch.map((row) => row.status),
    batch.map((row) => row.latencyMs), batch.map((row) => row.tokenId), batch.map((row) => row.ip), batch.map((row) => row.requestBytes),
    batch.map((row) => row.responseBytes), batch.map((row) => row.errorCode), batch.map((row) => row.source ?? 'live'),
  ];
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
