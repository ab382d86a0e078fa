import type { MinuteMetrics } from '../../shared/api/admin.js';
import type { Db } from './db.js';

export type MetricsQuery = { minutes: number; api?: string | undefined; environment?: string | undefined };

const MS_PER_MINUTE = 60_000;
const CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;

/** Requests per minute by status class and latency percentiles, for the last `minutes` minutes (empty minutes included). */
export function requestMetrics(db: Db, query: MetricsQuery, now = Date.now()): MinuteMetrics[] {
  const firstMinute = Math.floor(now / MS_PER_MINUTE) - query.minutes + 1;
  const conditions = ['time >= ?'];
  const values: (string | number)[] = [firstMinute * MS_PER_MINUTE];
  if (query.api) {
    conditions.push('api_id = ?');
    values.push(query.api);
  }
  if (query.environment) {
    conditions.push('environment = ?');
    values.push(query.environment);
  }
  const rows = db
    .prepare(`SELECT time, status, latency_ms FROM request_log WHERE ${conditions.join(' AND ')}`)
    .raw()
    .all(...values) as [number, number, number][];

  const minutes = Array.from({ length: query.minutes }, (_, index) => ({
    minute: firstMinute + index,
    byClass: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
    latencies: [] as number[],
  }));
  for (const [time, status, latency] of rows) {
    const bucket = minutes[Math.floor(time / MS_PER_MINUTE) - firstMinute];
    if (!bucket) continue;
    const statusClass = CLASSES[Math.floor(status / 100) - 2];
    if (statusClass) bucket.byClass[statusClass]++;
    bucket.latencies.push(latency);
  }
  return minutes.map(({ minute, byClass, latencies }) => {
    latencies.sort((a, b) => a - b);
    return {
      minute: new Date(minute * MS_PER_MINUTE).toISOString(),
      total: latencies.length,
      byClass,
      p50Ms: percentile(latencies, 0.5),
      p95Ms: percentile(latencies, 0.95),
    };
  });
}

function percentile(sorted: number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}
