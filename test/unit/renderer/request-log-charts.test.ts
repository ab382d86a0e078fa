import { describe, expect, it } from 'vitest';
import { latencySeries, stackedRequests, statusClassOf } from '../../../renderer/panels/request-log/chart-data.js';
import type { MinuteMetrics } from '../../../shared/api/logs.js';

const minute = (iso: string, byClass: MinuteMetrics['byClass'], p50: number | null, p95: number | null): MinuteMetrics => ({
  minute: iso,
  total: Object.values(byClass).reduce((sum, count) => sum + count, 0),
  byClass,
  p50Ms: p50,
  p95Ms: p95,
});

const metrics = [
  minute('2026-01-01T10:00:00.000Z', { '2xx': 3, '3xx': 0, '4xx': 2, '5xx': 1 }, 1.5, 4),
  minute('2026-01-01T10:01:00.000Z', { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 }, null, null),
];

describe('request log charts', () => {
  it('stacks the status classes as running sums, keeping each class’s own count', () => {
    const { x, stacked, counts } = stackedRequests(metrics);
    expect(x).toEqual([Date.parse('2026-01-01T10:00:00Z') / 1000, Date.parse('2026-01-01T10:01:00Z') / 1000]);
    expect(stacked).toEqual([
      [3, 0],
      [3, 0],
      [5, 0],
      [6, 0],
    ]);
    expect(counts[3]).toEqual([1, 0]);
  });

  it('leaves a gap in latency where a minute had no requests', () => {
    expect(latencySeries(metrics)).toMatchObject({ p50: [1.5, null], p95: [4, null] });
    expect([statusClassOf(204), statusClassOf(302), statusClassOf(429), statusClassOf(503), statusClassOf(101)]).toEqual(['2xx', '3xx', '4xx', '5xx', null]);
  });
});
