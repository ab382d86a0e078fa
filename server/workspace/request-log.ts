import type { AuthBurstFlag, LogFlag, LogFlags, LogFlagsQuery, LogQuery, NewIpFlag, RequestLogEntry } from '../../shared/api/admin.js';
import type { LogSource, LogStatus } from '../../shared/api/logs.js';
import type { Db } from './db.js';
import { encodeRow, LogWriterClient } from '../workers/log-writer-client.js';

/** A row as the runtime records it; `time` is epoch milliseconds (stored so, answered as ISO text); `live` unless a Draft run says so. */
export type LogRow = Omit<RequestLogEntry, 'apiName' | 'time' | 'flags' | 'source'> & { time: number; source?: LogSource };

/** How often buffered rows reach the database, and how many force an early write. */
export const LOG_FLUSH_INTERVAL_MS = 100;
/** Small, frequent batches keep each of the writer's transactions (and an admin read waiting on one) short. */
const LOG_FLUSH_ROWS = 500;
/** Rows kept; older ones are pruned on flush so the file does not grow without bound. */
export const LOG_MAX_ROWS = 200_000;

/** A 401 is part of a burst when its address got at least this many within BURST_WINDOW_MS around it. */
export const BURST_MIN_401S = 10;
export const BURST_WINDOW_MS = 60_000;
/**
 * How much later than its `time` a row may be written: a request's longest life (Node's
 * 300 s request timeout, the flow deadline) plus the flush. Only widens the rows scanned.
 */
const LATE_ROW_MS = 6 * 60_000;
/**
 * A token's first sighting is stored when it is checked, a moment after the request's `time`;
 * a row from the same address up to this much earlier is that first request.
 */
const FIRST_SIGHTING_MS = 1000;
const DEFAULT_FLAGS_SPAN_MS = 24 * 60 * 60_000;
const MS_PER_SECOND = 1000;

function valuesOf(row: LogRow): unknown[] {
  return [
    row.requestId, row.time, row.environment, row.apiId, row.version, row.method, row.path,
    row.status, row.latencyMs, row.tokenId, row.ip, row.requestBytes, row.responseBytes, row.errorCode, row.source ?? 'live',
  ];
}

/**
 * The request log. `record` only appends a row to an in-memory buffer; a timer hands buffered rows
 * to the log writer thread (server/workers/log-writer.ts), which writes them on its own connection,
 * so neither a request nor the event loop that serves requests waits for the disk.
 */
export class RequestLog {
  private rows: string[] = [];
  private sendScheduled = false;
  private readonly writer: LogWriterClient;
  private readonly timer: NodeJS.Timeout;
  private readonly seqBounds;
  private readonly firstFrom;

  constructor(private readonly db: Db) {
    if (db.memory) throw new Error('The request log needs a workspace file: its writer thread opens the file itself');
    this.writer = new LogWriterClient(db.name, LOG_MAX_ROWS);
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

  /**
   * Makes every row recorded so far readable: sends the buffer and waits for the writer. Never throws
   * (it runs before admin reads): rows the disk cannot take are dropped and counted by the writer.
   */
  flush(): void {
    if (!this.db.open) return;
    this.send();
    this.writer.waitWritten();
  }

  /** What the log lost to a full or failing disk since the server started. */
  health(): LogStatus {
    this.flush();
    return this.writer.health();
  }

  /** Newest first, each row with its audit flags. Flushes first so what was just served shows. */
  query(query: LogQuery): RequestLogEntry[] {
    this.flush();
    const conditions: string[] = [];
    const values: (string | number)[] = [];
    const filter = (condition: string, ...params: (string | number)[]): void => {
      conditions.push(condition);
      values.push(...params);
    };
    if (query.api) filter('l.api_id = ?', query.api);
    if (query.environment) filter('l.environment = ?', query.environment);
    if (query.source) filter('l.source = ?', query.source);
    if (query.token) filter('l.token_id = ?', query.token);
    if (query.since) filter('l.time >= ?', Date.parse(query.since));
    if (query.status?.endsWith('xx')) {
      const base = Number(query.status[0]) * 100;
      filter('l.status >= ? AND l.status < ?', base, base + 100);
    } else if (query.status) {
      filter('l.status = ?', Number(query.status));
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    // token_ips is looked up by its primary key per row; the walk stays newest-first by seq.
    const rows = this.db
      .prepare(
        `SELECT l.*, a.name AS api_name, ti.first_seen AS token_first_seen
           FROM request_log l
           LEFT JOIN apis a ON a.id = l.api_id
           LEFT JOIN token_ips ti ON ti.token_id = l.token_id AND ti.ip = l.ip
         ${where} ORDER BY l.seq DESC LIMIT ?`,
      )
      .all(...values, query.limit) as (Record<string, unknown> & { seq: number; time: number; ip: string; status: number; source: string })[];
    const bursts = this.burstSeqs(rows);
    const firstSightings = firstSightingSeqs(rows);
    return rows.map((row) => {
      const flags: LogFlag[] = [];
      if (firstSightings.has(row.seq)) flags.push('new_ip');
      if (bursts.has(row.seq)) flags.push('auth_burst');
      return {
        requestId: row.request_id as string,
        time: new Date(row.time).toISOString(),
        environment: row.environment as string | null,
        apiId: row.api_id as string | null,
        apiName: row.api_name as string | null,
        version: row.version as number | null,
        method: row.method as string,
        path: row.path as string,
        status: row.status,
        latencyMs: row.latency_ms as number,
        tokenId: row.token_id as string | null,
        ip: row.ip,
        requestBytes: row.request_bytes as number,
        responseBytes: row.response_bytes as number,
        errorCode: row.error_code as string | null,
        source: row.source as LogSource,
        flags,
      };
    });
  }

  /**
   * Flagged activity since a moment: tokens seen from addresses for the first time (newest
   * first) and addresses with bursts of 401s (latest burst first).
   */
  flags(query: LogFlagsQuery, nowMs = Date.now()): LogFlags {
    this.flush();
    const sinceMs = query.since ? Date.parse(query.since) : nowMs - DEFAULT_FLAGS_SPAN_MS;
    const since = new Date(sinceMs).toISOString();
    const newIps = (
      this.db
        .prepare(
          `SELECT ti.token_id, t.name, t.environment, ti.ip, ti.first_seen,
                  ti.first_seen = (SELECT MIN(x.first_seen) FROM token_ips x WHERE x.token_id = ti.token_id) AS first_for_token
             FROM token_ips ti JOIN tokens t ON t.id = ti.token_id
            WHERE ti.first_seen >= ? ORDER BY ti.first_seen DESC, ti.token_id, ti.ip LIMIT ?`,
        )
        .all(since, query.limit) as { token_id: string; name: string; environment: string; ip: string; first_seen: string; first_for_token: number }[]
    ).map(
      (row): NewIpFlag => ({
        tokenId: row.token_id, tokenName: row.name, environment: row.environment, ip: row.ip, firstSeen: row.first_seen,
        firstForToken: row.first_for_token === 1,
      }),
    );

    const after = this.seqBefore(sinceMs - LATE_ROW_MS);
    const byIp = groupTimes(
      this.db
        .prepare("SELECT ip, time FROM request_log WHERE seq > ? AND status = 401 AND source = 'live' AND time >= ? ORDER BY seq")
        .all(after, sinceMs) as { ip: string; time: number }[],
    );
    const authBursts: AuthBurstFlag[] = [];
    for (const [ip, times] of byIp) {
      const busiest = busiestWindow(times);
      if (busiest.count < BURST_MIN_401S) continue;
      authBursts.push({
        ip, count: busiest.count, windowSeconds: BURST_WINDOW_MS / MS_PER_SECOND,
        firstAt: new Date(busiest.firstAt).toISOString(), lastAt: new Date(busiest.lastAt).toISOString(), total: times.length,
      });
    }
    authBursts.sort((a, b) => (a.lastAt < b.lastAt ? 1 : a.lastAt > b.lastAt ? -1 : a.ip.localeCompare(b.ip)));
    return { since, newIps, authBursts: authBursts.slice(0, query.limit) };
  }

  /** The seqs of the page's 401 rows that belong to a burst, judged against every 401 around them, not just the page's. */
  private burstSeqs(page: readonly { seq: number; time: number; ip: string; status: number; source: string }[]): Set<number> {
    const flagged = new Set<number>();
    // A builder trying tokens in Draft runs is not someone guessing them: only callers' 401s count.
    const unauthorized = page.filter((row) => row.status === 401 && row.source === 'live');
    if (unauthorized.length === 0) return flagged;
    let from = Infinity;
    let to = -Infinity;
    for (const row of unauthorized) {
      from = Math.min(from, row.time);
      to = Math.max(to, row.time);
    }
    const ips = [...new Set(unauthorized.map((row) => row.ip))];
    const around = this.db
      .prepare(
        `SELECT seq, ip, time FROM request_log
          WHERE seq > ? AND seq < ? AND status = 401 AND source = 'live' AND time >= ? AND time <= ? AND ip IN (SELECT value FROM json_each(?))`,
      )
      .all(
        this.seqBefore(from - BURST_WINDOW_MS - LATE_ROW_MS), this.seqAfter(to + BURST_WINDOW_MS + LATE_ROW_MS),
        from - BURST_WINDOW_MS, to + BURST_WINDOW_MS, JSON.stringify(ips),
      ) as { seq: number; ip: string; time: number }[];
    const byIp = new Map<string, { seq: number; time: number }[]>();
    for (const row of around) (byIp.get(row.ip) ?? byIp.set(row.ip, []).get(row.ip)!).push(row);
    for (const rows of byIp.values()) {
      rows.sort((a, b) => a.time - b.time || a.seq - b.seq);
      // Every window of BURST_WINDOW_MS that starts at a 401 and holds enough of them marks all it holds.
      let end = 0;
      let markedUpTo = -1;
      for (let start = 0; start < rows.length; start++) {
        if (end < start) end = start;
        while (end + 1 < rows.length && rows[end + 1]!.time - rows[start]!.time <= BURST_WINDOW_MS) end++;
        if (end - start + 1 < BURST_MIN_401S) continue;
        for (let i = Math.max(start, markedUpTo + 1); i <= end; i++) flagged.add(rows[i]!.seq);
        markedUpTo = end;
      }
    }
    return flagged;
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

  close(): void {
    clearInterval(this.timer);
    const rows = this.rows;
    this.rows = [];
    this.writer.close(rows);
  }
}

type SightedRow = { seq: number; time: number; ip: string; token_id?: unknown; token_first_seen?: unknown };

/**
 * The rows that were their token's first request from their address: the request came at most
 * FIRST_SIGHTING_MS before the sighting was stored, and of several such rows (concurrent first
 * requests) only the earliest counts.
 */
function firstSightingSeqs(rows: readonly SightedRow[]): Set<number> {
  const earliest = new Map<string, SightedRow>();
  for (const row of rows) {
    if (typeof row.token_first_seen !== 'string') continue;
    const firstSeenMs = Date.parse(row.token_first_seen);
    if (row.time > firstSeenMs || firstSeenMs - row.time > FIRST_SIGHTING_MS) continue;
    const key = `${String(row.token_id)}\u0000${row.ip}`;
    const known = earliest.get(key);
    if (!known || row.time < known.time || (row.time === known.time && row.seq < known.seq)) earliest.set(key, row);
  }
  return new Set([...earliest.values()].map((row) => row.seq));
}

function groupTimes(rows: readonly { ip: string; time: number }[]): Map<string, number[]> {
  const byIp = new Map<string, number[]>();
  for (const row of rows) (byIp.get(row.ip) ?? byIp.set(row.ip, []).get(row.ip)!).push(row.time);
  for (const times of byIp.values()) times.sort((a, b) => a - b);
  return byIp;
}

/** The window of BURST_WINDOW_MS holding the most of these sorted times. */
function busiestWindow(times: readonly number[]): { count: number; firstAt: number; lastAt: number } {
  let best = { count: 0, firstAt: 0, lastAt: 0 };
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! > BURST_WINDOW_MS) start++;
    if (end - start + 1 > best.count) best = { count: end - start + 1, firstAt: times[start]!, lastAt: times[end]! };
  }
  return best;
}
