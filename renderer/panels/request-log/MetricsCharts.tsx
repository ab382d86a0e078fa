import { useMemo } from 'react';
import uPlot from 'uplot';
import { latencySeries, stackedRequests, STATUS_CLASSES } from './chart-data.js';
import type { MinuteMetrics } from '../../../shared/api/logs.js';
import { themedAxes, UPlotChart, type ChartColors } from './UPlotChart.js';

const CHART_HEIGHT_PX = 120;
const BAR_WIDTH = { factor: 0.8, maxPx: 18 };
const HALF_MINUTE_S = 30;

/** Half a minute of room each side, so the first and last bars are drawn whole. */
const padMinute: uPlot.Range.Function = (_u, min, max) => [min - HALF_MINUTE_S, max + HALF_MINUTE_S];

/** Requests per minute, stacked by status class, and p50/p95 latency, over the last minutes. */
export function MetricsCharts({ metrics }: { metrics: readonly MinuteMetrics[] }) {
  const requests = useMemo(() => stackedRequests(metrics), [metrics]);
  const latency = useMemo(() => latencySeries(metrics), [metrics]);

  const requestData = useMemo<uPlot.AlignedData>(() => [requests.x, ...[...requests.stacked].reverse()], [requests]);
  const latencyData = useMemo<uPlot.AlignedData>(() => [latency.x, latency.p50, latency.p95], [latency]);

  const requestOptions = useMemo(
    () =>
      (colors: ChartColors): Omit<uPlot.Options, 'width' | 'height'> => {
        const fills = { '2xx': colors.success, '3xx': colors.accent, '4xx': colors.warning, '5xx': colors.danger };
        const bars = uPlot.paths.bars!({ size: [BAR_WIDTH.factor, BAR_WIDTH.maxPx] });
        // Top of the stack first: each later (lower) series paints over the one before.
        const classes = [...STATUS_CLASSES].reverse();
        return {
          legend: { show: false },
          cursor: { points: { show: false } },
          scales: { x: { time: true, range: padMinute }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
          axes: themedAxes(colors, ''),
          series: [
            {},
            ...classes.map((name) => ({ label: name, fill: fills[name], stroke: fills[name], width: 0, paths: bars, points: { show: false } })),
          ],
        };
      },
    [],
  );
  const latencyOptions = useMemo(
    () =>
      (colors: ChartColors): Omit<uPlot.Options, 'width' | 'height'> => ({
        legend: { show: false },
        scales: { x: { time: true, range: padMinute }, y: { range: (_u, _min, max) => [0, Math.max(1, max ?? 1)] } },
        axes: themedAxes(colors, ' ms'),
        series: [
          {},
          { label: 'p50', stroke: colors.accent, width: 2, spanGaps: false, points: { size: 4 } },
          { label: 'p95', stroke: colors.warning, width: 2, dash: [5, 3], spanGaps: false, points: { size: 4 } },
        ],
      }),
    [],
  );

  const total = metrics.reduce((sum, minute) => sum + minute.total, 0);
  return (
    <div className="log-charts" data-testid="log-charts" data-requests={total}>
      <figure className="log-figure">
        <figcaption className="log-caption">
          <span className="section-title">Requests/min</span>
          {STATUS_CLASSES.map((name) => (
            <span key={name} className={`log-key key-${name}`}>
              {name}
            </span>
          ))}
        </figcaption>
        <UPlotChart label="Requests per minute by status class" height={CHART_HEIGHT_PX} data={requestData} options={requestOptions} testId="chart-requests" />
      </figure>
      <figure className="log-figure">
        <figcaption className="log-caption">
          <span className="section-title">Latency</span>
          <span className="log-key key-p50">p50</span>
          <span className="log-key key-p95">p95</span>
        </figcaption>
        <UPlotChart label="p50 and p95 latency per minute" height={CHART_HEIGHT_PX} data={latencyData} options={latencyOptions} testId="chart-latency" />
      </figure>
    </div>
  );
}
