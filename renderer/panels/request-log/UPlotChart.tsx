import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** The theme's colours, read from its CSS variables: canvas drawing cannot use `var()`. */
export type ChartColors = Record<'text' | 'faint' | 'grid' | 'success' | 'accent' | 'warning' | 'danger', string>;

export function chartColors(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string): string => style.getPropertyValue(name).trim();
  return {
    text: read('--text-muted'),
    faint: read('--text-faint'),
    grid: read('--border'),
    success: read('--success'),
    accent: read('--accent'),
    warning: read('--warning'),
    danger: read('--danger'),
  };
}

const clock = (seconds: number): string => new Date(seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Axes in the theme's colours: clock time below, values (with their unit) left. */
export function themedAxes(colors: ChartColors, unit: string): uPlot.Axis[] {
  const axis = { stroke: colors.faint, grid: { stroke: colors.grid, width: 1 }, ticks: { stroke: colors.grid, width: 1 }, font: '10px system-ui, sans-serif' };
  return [
    { ...axis, size: 28, values: (_: uPlot, ticks: number[]) => ticks.map(clock) },
    { ...axis, size: 46, values: (_: uPlot, ticks: number[]) => ticks.map((tick) => `${tick}${unit}`) },
  ];
}

type Props = {
  label: string;
  height: number;
  data: uPlot.AlignedData;
  /** Built once, when the chart is created; later data arrives through setData. */
  options: (colors: ChartColors) => Omit<uPlot.Options, 'width' | 'height'>;
  testId: string;
};

/** A uPlot chart that fills its container's width and follows its data. */
export function UPlotChart({ label, height, data, options, testId }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const optionsRef = useRef(options);
  const dataRef = useRef(data);
  dataRef.current = data;
  // Canvas colours are fixed when drawn: a light/dark switch rebuilds the chart.
  const [scheme, setScheme] = useState(0);
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = (): void => setScheme((value) => value + 1);
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, []);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const plot = new uPlot({ ...optionsRef.current(chartColors()), width: Math.max(element.clientWidth, 100), height }, dataRef.current, element);
    chart.current = plot;
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(element.clientWidth, 100), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
      chart.current = null;
    };
  }, [height, scheme]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div className="log-chart" ref={container} role="img" aria-label={label} data-testid={testId} data-points={data[0]?.length ?? 0} />;
}
