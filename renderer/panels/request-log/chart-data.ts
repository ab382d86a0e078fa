import type { MinuteMetrics } from '../../../shared/api/logs.js';

export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/**
 * Columns for a stacked bar chart of requests per minute: x in Unix seconds, then one series per status class
 * holding the running sum (2xx, 2xx+3xx, …), drawn top-first so each bar shows its share. `counts` keeps the
 * per-class numbers for the legend.
 */
export function stackedRequests(metrics: readonly MinuteMetrics[]): { x: number[]; stacked: number[][]; counts: number[][] } {
  const x = metrics.map((minute) => Date.parse(minute.minute) / 1000);
  const counts = STATUS_CLASSES.map((name) => metrics.map((minute) => minute.byClass[name]));
  const stacked = counts.map((_, index) => metrics.map((__, at) => counts.slice(0, index + 1).reduce((sum, series) => sum + series[at]!, 0)));
  return { x, stacked, counts };
}

/** p50 and p95 latency per minute; a minute without requests is a gap. */
export function latencySeries(metrics: readonly MinuteMetrics[]): { x: number[]; p50: (number | null)[]; p95: (number | null)[] } {
  return {
    x: metrics.map((minute) => Date.parse(minute.minute) / 1000),
    p50: metrics.map((minute) => minute.p50Ms),
    p95: metrics.map((minute) => minute.p95Ms),
  };
}

export function statusClassOf(status: number): StatusClass | null {
  return STATUS_CLASSES[Math.floor(status / 100) - 2] ?? null;
}
