import type { LogFlags, MinuteMetrics, RequestLogEntry } from '../../../shared/api/admin.js';
import { adminRequest } from '../../api/client.js';

export type { MinuteMetrics };

export type LogFilters = { api: string; environment: string; status: string; token: string };
export const NO_FILTERS: LogFilters = { api: '', environment: '', status: '', token: '' };

/** How many rows the panel lists, and how many minutes the charts span. */
export const LOG_ROWS = 200;
export const CHART_MINUTES = 30;

const search = (params: Record<string, string | number>): string => {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== '') query.set(name, String(value));
  return query.toString();
};

/** The request log's admin endpoints: rows, flagged activity and per-minute metrics. */
export const logsApi = {
  rows: (filters: LogFilters) => adminRequest<RequestLogEntry[]>('GET', `/logs?${search({ ...filters, limit: LOG_ROWS })}`),
  flags: () => adminRequest<LogFlags>('GET', '/logs/flags'),
  metrics: (filters: LogFilters) =>
    adminRequest<MinuteMetrics[]>('GET', `/logs/metrics?${search({ minutes: CHART_MINUTES, api: filters.api, environment: filters.environment })}`),
};
