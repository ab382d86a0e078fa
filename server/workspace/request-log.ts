import type { LogFlags, LogFlagsQuery, LogQuery, MinuteMetrics, RequestLogEntry } from '../../shared/api/admin.js';
import type { LogStatus } from '../../shared/api/logs.js';
import { PostgresRequestLog } from './postgres/request-log.js';
import { byEngine, type Storage } from '../storage/storage.js';
import type { Db } from './db.js';
import { encodeRow, LogWriterClient } from '../workers/log-writer-client.js';
import { authBurstsOf, DEFAULT_FLAGS_SPAN_MS, flagsOf, toNewIp, type SightingRow } from './request-log-audit.js';
import { LOG_FLUSH_INTERVAL_MS, LOG_FLUSH_ROWS, LOG_MAX_ROWS, logConditions, toEntry, valuesOf, type LogRow, type StoredLogRow } from './request-log-rows.js';
import { metricsConditions, requestMetrics, type MetricsQuery } from './request-metrics.js';

export type { LogRow } from './request-log-rows.js';
export { LOG_FLUSH_INTERVAL_MS, LOG_MAX_ROWS } from './request-log-rows.js';
export { BURST_MIN_401S, BURST_WINDOW_MS } from './request-log-audit.js';

/**
 * The request log. `record` only queues a row and never waits; rows reach the database in batches
 * in the background. Every read first makes the rows recorded so far readable (without blocking
 * the event loop); on PostgreSQL it reads every replica's rows, merged in time order.
 */
export interface RequestLog {
  record(row: LogRow): void;
  /** Makes every row recorded so far readable; never rejects (rows the database cannot take are dropped and counted). */
  flush(): Promise<void>;
  /** What the log lost to a full or failing disk (or database) since the server started. */
  health(): Promise<LogStatus>;
  /** Newest first, each row with its audit flags. */
  query(query: LogQuery): Promise<RequestLogEntry[]>;
  /** Tokens seen from addresses for the first time (newest first) and addresses with bursts of 401s (latest burst first). */
  flags(query: LogFlagsQuery, nowMs?: number): Promise<LogFlags>;
  /** Requests per minute by status class with latency percentiles. */
  metrics(query: MetricsQuery, nowMs?: number): Promise<MinuteMetrics[]>;
  /** Writes what is queued (as far as the database lets it) and stops writing. */
  close(): Promise<void>;
}

/** The request log of a workspace, on its engine. */
export function requestLogFor(storage: Storage): RequestLog {
  return byEngine<RequestLog>(storage, { sqlite: (db) => new SqliteRequestLog(db), postgres: (pg) => new PostgresRequestLog(pg) });
}

/**
 * How much later than its `time` a row may be written: a request's longest life (Node's
 * 300 s request timeout, the flow deadline) plus the flush. Only widens the rows scanned.
 */
const LATE_ROW_MS = 6 * 60_000;

/**
 * The SQLite request log: a timer hands buffered rows to the log writer thread
 * (server/workers/log-writer.ts), which writes them on its own connection, so neither a request
 * nor the event loop that serves requests waits for the disk. Rows read back in the order written.
 */
export class SqliteRequestLog implements RequestLog {
  private rows: string[] = [];
  private sendScheduled = false;
  private readonly writer: LogWriterClient;
  private readonly timer: NodeJS.Timeout;
  private readonly seqBounds;
  private readonly firstFrom;

  constructor(
    private readonly db: Db,
    options: { maxRows?: number } = {},
  ) {
    if (db.memory) throw new Error('The request log needs a workspace file: its writer thread opens the file itself');
    this.writer = new LogWriterClient(db.name, options.maxRows ?? LOG_MAX_ROWS);
    this.seqBounds = db.prepare('SELECT (SELECT MIN(seq) FROM request_log) AS lo, (SELECT MAX(seq) FROM request_log) AS hi');
    this.firstFrom = db.prepare('SELECT seq, time FROM request_log WHERE seq >= ? ORDER BY seq LIMIT 1');
    this.timer = setInterval(() => this.send(), LOG_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  record(row: LogRow): void {
    this.rows.push(encodeRow(valuesOf(row)));
    if (this.rows.length >= LOG_FLUSH_ROWS && !this.sendScheduled) {
      this.sendScheduled = true;
      setImmediate(() => this.send());
    }
  }

  /** Hands the buffered rows to the writer thread without waiting for it. */
  private send(): void {
    this.sendScheduled = false;
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    this.writer.send(rows);
  }

  async flush(): Promise<void> {
    if (!this.db.open) return;
    this.send();
    await this.writer.waitWritten();
  }

  async health(): Promise<LogStatus> {
    await this.flush();
    return this.writer.health();
  }

  async query(query: LogQuery): Promise<RequestLogEntry[]> {
    await this.flush();
    const { where, values } = logConditions(query, () => '?');
    // token_ips is looked up by its primary key per row; the walk stays newest-first by seq.
    const rows = this.db
      .prepare(
        `SELECT l.*, a.name AS api_name, ti.first_seen AS token_first_seen
           FROM request_log l
           LEFT JOIN apis a ON a.id = l.api_id
           LEFT JOIN token_ips ti ON ti.token_id = l.token_id AND ti.ip = l.ip
         ${where} ORDER BY l.seq DESC LIMIT ?`,
      )
      .all(...values, query.limit) as StoredLogRow[];
    const flags = await flagsOf(rows, async ({ from, to, ips }) =>
      this.db
        .prepare(
          `SELECT seq, ip, time FROM request_log
            WHERE seq > ? AND seq < ? AND status = 401 AND source = 'live' AND time >= ? AND time <= ? AND ip IN (SELECT value FROM json_each(?))`,
        )
        .all(this.seqBefore(from - LATE_ROW_MS), this.seqAfter(to + LATE_ROW_MS), from, to, JSON.stringify(ips)) as { seq: number; ip: string; time: number }[],
    );
    return rows.map((row) => toEntry(row, flags.get(row.seq) ?? []));
  }

  async flags(query: LogFlagsQuery, nowMs = Date.now()): Promise<LogFlags> {
    await this.flush();
    const sinceMs = query.since ? Date.parse(query.since) : nowMs - DEFAULT_FLAGS_SPAN_MS;
    const since = new Date(sinceMs).toISOString();
    const sightings = this.db
      .prepare(
        `SELECT ti.token_id, t.name, t.environment, ti.ip, ti.first_seen,
                ti.first_seen = (SELECT MIN(x.first_seen) FROM token_ips x WHERE x.token_id = ti.token_id) AS first_for_token
           FROM token_ips ti JOIN tokens t ON t.id = ti.token_id
          WHERE ti.first_seen >= ? ORDER BY ti.first_seen DESC, ti.token_id, ti.ip LIMIT ?`,
      )
      .all(since, query.limit) as SightingRow[];
    const unauthorized = this.db
      .prepare("SELECT ip, time FROM request_log WHERE seq > ? AND status = 401 AND source = 'live' AND time >= ? ORDER BY seq")
      .all(this.seqBefore(sinceMs - LATE_ROW_MS), sinceMs) as { ip: string; time: number }[];
    return { since, newIps: sightings.map(toNewIp), authBursts: authBurstsOf(unauthorized, query.limit) };
  }

  async metrics(query: MetricsQuery, nowMs = Date.now()): Promise<MinuteMetrics[]> {
    await this.flush();
    const { where, values } = metricsConditions(query, nowMs, () => '?');
    const rows = this.db.prepare(`SELECT time, status, latency_ms FROM request_log WHERE ${where}`).raw().all(...values) as [number, number, number][];
    return requestMetrics(rows, query, nowMs);
  }

  /**
   * Rows are appended when they are written, not at their `time` (a request's start), so the
   * table is sorted by time only up to the longest a request can take. Bisecting over seq with
   * that slack still bounds a time range: every row at or before the seq returned is older than
   * `timeMs + LATE_ROW_MS`, so passing `t - LATE_ROW_MS` bounds rows older than `t`. 0 when none is.
   */
  private seqBefore(timeMs: number): number {
    return this.bisect((time) => time >= timeMs).before;
  }

  /** Every row from the seq returned on is newer than `timeMs - LATE_ROW_MS` (see seqBefore). */
  private seqAfter(timeMs: number): number {
    return this.bisect((time) => time > timeMs).after;
  }

  /**
   * Two neighbouring seqs: `before` holds a row failing `passes` (or is 0), and the first row
   * from `after` on passes it (or there is none). About 20 primary-key lookups.
   */
  private bisect(passes: (time: number) => boolean): { before: number; after: number } {
    const bounds = this.seqBounds.get() as { lo: number | null; hi: number | null };
    if (bounds.lo === null || bounds.hi === null) return { before: 0, after: 1 };
    let before = bounds.lo - 1;
    let after = bounds.hi + 1;
    while (after - before > 1) {
      const mid = Math.floor((before + after) / 2);
      const row = this.firstFrom.get(mid) as { seq: number; time: number } | undefined;
      if (row === undefined || row.seq >= after || passes(row.time)) after = mid;
      else before = row.seq;
    }
    return { before: Math.max(before, 0), after };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    const rows = this.rows;
    this.rows = [];
    await this.writer.close(rows);
  }
}
