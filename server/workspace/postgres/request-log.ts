import type { LogFlags, LogFlagsQuery, LogQuery, MinuteMetrics, RequestLogEntry } from '../../../shared/api/admin.js';
import type { LogStatus } from '../../../shared/api/logs.js';
import type { PgDatabase } from '../../storage/postgres.js';
import type { RequestLog } from '../request-log.js';
import { authBurstsOf, DEFAULT_FLAGS_SPAN_MS, flagsOf, toNewIp, type SightingRow } from '../request-log-audit.js';
import { logConditions, toEntry, type LogRow, type StoredLogRow } from '../request-log-rows.js';
import { metricsConditions, requestMetrics, type MetricsQuery } from '../request-metrics.js';
import { LogBatches, type LogBatchOptions } from './log-batches.js';

const placeholder = (index: number): string => `$${index}`;

/**
 * The request log on PostgreSQL: this replica's rows go in batches from memory (LogBatches), and
 * reads see every replica's rows in the one shared table, newest `time` first.
 */
export class PostgresRequestLog implements RequestLog {
  private readonly batches: LogBatches;

  constructor(
    private readonly pg: PgDatabase,
    options: LogBatchOptions = {},
  ) {
    this.batches = new LogBatches(pg, options);
  }

  record(row: LogRow): void {
    this.batches.add(row);
  }

  /** Rows of this replica waiting for PostgreSQL (bounded by the queue's cap). */
  get queuedRows(): number {
    return this.batches.queued;
  }

  flush(): Promise<void> {
    return this.batches.flush();
  }

  async health(): Promise<LogStatus> {
    await this.flush();
    return this.batches.health();
  }

  async query(query: LogQuery): Promise<RequestLogEntry[]> {
    await this.flush();
    const { where, values } = logConditions(query, placeholder);
    // Replicas write their batches side by side: seq is the order of arrival, time the order of the requests.
    const rows = await this.pg.all<StoredLogRow>(
      `SELECT l.*, a.name AS api_name, ti.first_seen AS token_first_seen
         FROM request_log l
         LEFT JOIN apis a ON a.id = l.api_id
         LEFT JOIN token_ips ti ON ti.token_id = l.token_id AND ti.ip = l.ip
       ${where} ORDER BY l.time DESC, l.seq DESC LIMIT $${values.length + 1}`,
      [...values, query.limit],
    );
    const flags = await flagsOf(rows, ({ from, to, ips }) =>
      this.pg.all<{ seq: number; ip: string; time: number }>(
        `SELECT seq, ip, time FROM request_log
          WHERE status = 401 AND source = 'live' AND ip = ANY($1::text[]) AND time >= $2 AND time <= $3`,
        [ips, from, to],
      ),
    );
    return rows.map((row) => toEntry(row, flags.get(row.seq) ?? []));
  }

  async flags(query: LogFlagsQuery, nowMs = Date.now()): Promise<LogFlags> {
    await this.flush();
    const sinceMs = query.since ? Date.parse(query.since) : nowMs - DEFAULT_FLAGS_SPAN_MS;
    const since = new Date(sinceMs).toISOString();
    const sightings = await this.pg.all<SightingRow>(
      `SELECT ti.token_id, t.name, t.environment, ti.ip, ti.first_seen,
              ti.first_seen = (SELECT MIN(x.first_seen) FROM token_ips x WHERE x.token_id = ti.token_id) AS first_for_token
         FROM token_ips ti JOIN tokens t ON t.id = ti.token_id
        WHERE ti.first_seen >= $1 ORDER BY ti.first_seen DESC, ti.token_id, ti.ip LIMIT $2`,
      [since, query.limit],
    );
    const unauthorized = await this.pg.all<{ ip: string; time: number }>(
      "SELECT ip, time FROM request_log WHERE status = 401 AND source = 'live' AND time >= $1",
      [sinceMs],
    );
    return { since, newIps: sightings.map(toNewIp), authBursts: authBurstsOf(unauthorized, query.limit) };
  }

  async metrics(query: MetricsQuery, nowMs = Date.now()): Promise<MinuteMetrics[]> {
    await this.flush();
    const { where, values } = metricsConditions(query, nowMs, placeholder);
    const rows = await this.pg.all<{ time: number; status: number; latency_ms: number }>(`SELECT time, status, latency_ms FROM request_log WHERE ${where}`, values);
    return requestMetrics(rows.map((row) => [row.time, row.status, row.latency_ms] as const), query, nowMs);
  }

  close(): Promise<void> {
    return this.batches.close();
  }
}
