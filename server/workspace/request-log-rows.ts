import type { LogFlag, RequestLogEntry } from '../../shared/api/admin.js';
import type { LogQuery, LogSource } from '../../shared/api/logs.js';

/** A row as the runtime records it; `time` is epoch milliseconds (stored so, answered as ISO text); `live` unless a Draft run says so. */
export type LogRow = Omit<RequestLogEntry, 'apiName' | 'time' | 'flags' | 'source'> & { time: number; source?: LogSource };

/** How often buffered rows reach the database, and how many force an early write. */
export const LOG_FLUSH_INTERVAL_MS = 100;
/** Small, frequent batches keep each write (and an admin read waiting on one) short. */
export const LOG_FLUSH_ROWS = 500;
/** Rows kept; older ones are pruned as rows are written so the log does not grow without bound. */
export const LOG_MAX_ROWS = 200_000;
/** How long an admin read waits for the rows recorded so far to be written before it reads what is there. */
export const LOG_FLUSH_WAIT_MS = 5_000;

/** One row's values in the order of the writer's columns (server/workers/log-rows.ts LOG_COLUMNS). */
export function valuesOf(row: LogRow): unknown[] {
  return [
    row.requestId, row.time, row.environment, row.apiId, row.version, row.method, row.path,
    row.status, row.latencyMs, row.tokenId, row.ip, row.requestBytes, row.responseBytes, row.errorCode, row.source ?? 'live',
  ];
}

/** A stored row as both engines read it back (column names as in the table), with its API's name and its token's sighting. */
export type StoredLogRow = {
  seq: number; request_id: string; time: number; environment: string | null; api_id: string | null; api_name: string | null;
  version: number | null; method: string; path: string; status: number; latency_ms: number; token_id: string | null; ip: string;
  request_bytes: number; response_bytes: number; error_code: string | null; source: string; token_first_seen: string | null;
};

export function toEntry(row: StoredLogRow, flags: LogFlag[]): RequestLogEntry {
  return {
    requestId: row.request_id,
    time: new Date(row.time).toISOString(),
    environment: row.environment,
    apiId: row.api_id,
    apiName: row.api_name,
    version: row.version,
    method: row.method,
    path: row.path,
    status: row.status,
    latencyMs: row.latency_ms,
    tokenId: row.token_id,
    ip: row.ip,
    requestBytes: row.request_bytes,
    responseBytes: row.response_bytes,
    errorCode: row.error_code,
    source: row.source as LogSource,
    flags,
  };
}

/**
 * The WHERE conditions of a log query, with the engine's placeholder (`?` or `$n`), over the
 * request_log alias `l`.
 */
export function logConditions(query: LogQuery, placeholder: (index: number) => string): { where: string; values: (string | number)[] } {
  const conditions: string[] = [];
  const values: (string | number)[] = [];
  const filter = (condition: string, ...params: (string | number)[]): void => {
    let text = condition;
    for (const param of params) {
      values.push(param);
      text = text.replace('?', placeholder(values.length));
    }
    conditions.push(text);
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
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', values };
}
