import type { MinuteMetrics } from '../../shared/api/admin.js';

export type MetricsQuery = { minutes: number; api?: string | undefined; environment?: string | undefined };

const MS_PER_MINUTE = 60_000;
const CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;

/** The first minute a metrics query covers, as epoch milliseconds: rows from then on are read. */
export function metricsStartMs(query: MetricsQuery, now: number): number {
  return (Math.floor(now / MS_PER_MINUTE) - query.minutes + 1) * MS_PER_MINUTE;
}

/** The metrics query's conditions over request_log, with the engine's placeholder. */
export function metricsConditions(query: MetricsQuery, nowMs: number, placeholder: (index: number) => string): { where: string; values: (string | number)[] } {
  const values: (string | number)[] = [metricsStartMs(query, nowMs)];
  const conditions = [`time >= ${placeholder(1)}`];
  if (query.api) {
    values.push(query.api);
    conditions.push(`api_id = ${placeholder(values.length)}`);
  }
  if (query.environment) {
    values.push(query.environment);
    conditions.push(`environment = ${placeholder(values.length)}`);
  }
  return { where: conditions.join(' AND '), values };
}

/**
 * Requests per minute by status class and latency percentiles, for the last `minutes` minutes
 * (empty minutes included), from the rows (time, status, latency) read since metricsStartMs.
 */
export function requestMetrics(rows: readonly (readonly [number, number, number])[], query: MetricsQuery, now: number): MinuteMetrics[] {
  const firstMinute = metricsStartMs(query, now) / MS_PER_MINUTE;
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
