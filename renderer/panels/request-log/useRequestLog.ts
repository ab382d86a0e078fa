import { useEffect, useRef, useState } from 'react';
import type { LogFlags, LogStatus, MinuteMetrics, RequestLogEntry } from '../../../shared/api/logs.js';
import type { TokenInfo } from '../../../shared/model/token.js';
import { admin } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { recentTokens } from '../../api/token-list.js';
import { CHART_MINUTES, LOG_ROWS, type LogFilters } from './log-filters.js';

/** How often the panel asks for news while it is visible and not paused. */
export const POLL_MS = 2_000;

export type RequestLogData = {
  rows: RequestLogEntry[];
  flags: LogFlags | null;
  metrics: MinuteMetrics[];
  tokens: TokenInfo[];
  /** Rows the server could not log (disk full or failing); null until known. */
  status: LogStatus | null;
  error: string | null;
  loaded: boolean;
  updatedAt: number | null;
};

const EMPTY: RequestLogData = { rows: [], flags: null, metrics: [], tokens: [], status: null, error: null, loaded: false, updatedAt: null };

/**
 * The log's rows, flags, metrics and token names, refreshed every POLL_MS while the panel is mounted (its tab
 * showing), the page is visible and the user has not paused. A slow answer is never overlapped by the next poll.
 */
export function useRequestLog(filters: LogFilters, paused: boolean): RequestLogData & { refresh: () => void } {
  const [data, setData] = useState<RequestLogData>(EMPTY);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async (): Promise<void> => {
      if (document.visibilityState === 'visible') {
        try {
          const [rows, flags, metrics, tokens, status] = await Promise.all([
            admin.logs.list({ query: { ...filters, source: filters.source || undefined, limit: LOG_ROWS } }),
            admin.logs.flags(),
            admin.logs.metrics({ query: { minutes: CHART_MINUTES, api: filters.api, environment: filters.environment } }),
            recentTokens().catch(() => []),
            admin.logs.status().catch(() => null),
          ]);
          if (mine !== generation.current) return;
          setData({ rows, flags, metrics, tokens, status, error: null, loaded: true, updatedAt: Date.now() });
        } catch (failure) {
          if (mine !== generation.current) return;
          setData((previous) => ({ ...previous, error: errorMessage(failure), loaded: true }));
        }
      }
      if (!paused && mine === generation.current) timer = setTimeout(() => void load(), POLL_MS);
    };
    void load();
    return () => {
      generation.current++;
      if (timer) clearTimeout(timer);
    };
  }, [filters, paused, tick]);

  return { ...data, refresh: () => setTick((value) => value + 1) };
}
