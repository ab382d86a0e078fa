import type { LogSource } from '../../../shared/api/logs.js';

/** What the request log panel filters on; an empty string is no filter (the client leaves it out of the query). */
export type LogFilters = { api: string; environment: string; status: string; token: string; source: LogSource | '' };
export const NO_FILTERS: LogFilters = { api: '', environment: '', status: '', token: '', source: '' };

/** How many rows the panel lists, and how many minutes the charts span. */
export const LOG_ROWS = 200;
export const CHART_MINUTES = 30;
