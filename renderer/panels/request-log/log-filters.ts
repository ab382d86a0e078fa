/** What the request log panel filters on; an empty string is no filter (the client leaves it out of the query). */
export type LogFilters = { api: string; environment: string; status: string; token: string };
export const NO_FILTERS: LogFilters = { api: '', environment: '', status: '', token: '' };

/** How many rows the panel lists, and how many minutes the charts span. */
export const LOG_ROWS = 200;
export const CHART_MINUTES = 30;
