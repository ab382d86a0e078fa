import type { LogQuery, RequestLogEntry } from '../../shared/api/admin.js';
import type { Db } from './db.js';

/** A row as the runtime records it; `time` is epoch milliseconds (stored so, answered as ISO text). */
export type LogRow = Omit<RequestLogEntry, 'apiName' | 'time'> & { time: number };

/** How often buffered rows reach the database, and how many force an early write. */
export const LOG_FLUSH_INTERVAL_MS = 100;
/** Small, frequent writes keep each pause of the event loop short (tail latency), rather than rare big ones. */
const LOG_FLUSH_ROWS = 500;
/** Rows kept; older ones are pruned on flush so the file does not grow without bound. */
export const LOG_MAX_ROWS = 200_000;

const LOG_COLUMNS = 'request_id, time, environment, api_id, version, method, path, status, latency_ms, token_id, ip, request_bytes, response_bytes, error_code';
const ROW_PLACEHOLDER = `(${Array(14).fill('?').join(',')})`;
const INSERT_BATCH = 100;

function pushValues(values: unknown[], row: LogRow): unknown[] {
  values.push(
    row.requestId, row.time, row.environment, row.apiId, row.version, row.method, row.path,
    row.status, row.latencyMs, row.tokenId, row.ip, row.requestBytes, row.responseBytes, row.errorCode,
  );
  return values;
}

/**
 * The request log. `record` only appends to an in-memory buffer; a timer writes buffered rows
 * in one transaction, so no request waits for the disk.
 */
export class RequestLog {
  private buffer: LogRow[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly insertOne;
  private readonly prune;
  private readonly insertMany;

  constructor(private readonly db: Db) {
    this.prune = db.prepare(
      `DELETE FROM request_log WHERE seq < (SELECT MIN(seq) FROM request_log) + ? AND seq <= (SELECT MAX(seq) FROM request_log) - ?`,
    );
    this.insertOne = db.prepare(`INSERT INTO request_log (${LOG_COLUMNS}) VALUES ${ROW_PLACEHOLDER}`);
    this.insertMany = db.prepare(`INSERT INTO request_log (${LOG_COLUMNS}) VALUES ${Array(INSERT_BATCH).fill(ROW_PLACEHOLDER).join(',')}`);
    this.timer = setInterval(() => this.flush(), LOG_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  record(row: LogRow): void {
    this.buffer.push(row);
    if (this.buffer.length >= LOG_FLUSH_ROWS) setImmediate(() => this.flush());
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    // Many rows per statement: one call into SQLite per hundred rows instead of per row.
    this.db.transaction(() => {
      let index = 0;
      for (; index + INSERT_BATCH <= rows.length; index += INSERT_BATCH) {
        const values: unknown[] = [];
        for (let i = index; i < index + INSERT_BATCH; i++) pushValues(values, rows[i]!);
        this.insertMany.run(values);
      }
      for (; index < rows.length; index++) this.insertOne.run(pushValues([], rows[index]!));
    })();
    // Prune as we go, a few rows more than were written, so the log stays bounded without one long delete.
    this.prune.run(rows.length * 2, LOG_MAX_ROWS);
  }

  /** Newest first. Flushes first so what was just served shows. */
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
    if (query.token) filter('l.token_id = ?', query.token);
    if (query.since) filter('l.time >= ?', Date.parse(query.since));
    if (query.status?.endsWith('xx')) {
      const base = Number(query.status[0]) * 100;
      filter('l.status >= ? AND l.status < ?', base, base + 100);
    } else if (query.status) {
      filter('l.status = ?', Number(query.status));
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = this.db
      .prepare(
        `SELECT l.*, a.name AS api_name FROM request_log l LEFT JOIN apis a ON a.id = l.api_id
         ${where} ORDER BY l.seq DESC LIMIT ?`,
      )
      .all(...values, query.limit) as Record<string, unknown>[];
    return rows.map((row) => ({
      requestId: row.request_id as string,
      time: new Date(row.time as number).toISOString(),
      environment: row.environment as string | null,
      apiId: row.api_id as string | null,
      apiName: row.api_name as string | null,
      version: row.version as number | null,
      method: row.method as string,
      path: row.path as string,
      status: row.status as number,
      latencyMs: row.latency_ms as number,
      tokenId: row.token_id as string | null,
      ip: row.ip as string,
      requestBytes: row.request_bytes as number,
      responseBytes: row.response_bytes as number,
      errorCode: row.error_code as string | null,
    }));
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
