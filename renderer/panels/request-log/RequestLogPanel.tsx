import { useMemo, useState } from 'react';
import { ErrorNote } from '../common/ui.js';
import { DroppedRowsNote } from './DroppedRowsNote.js';
import { FlagsList } from './FlagsList.js';
import { LogFiltersBar } from './LogFiltersBar.js';
import { LogTable } from './LogTable.js';
import { NO_FILTERS, type LogFilters } from './log-filters.js';
import { MetricsCharts } from './MetricsCharts.js';
import { showLoggedTrace } from './show-logged-trace.js';
import { useRequestLog } from './useRequestLog.js';

/** The bottom area's request log: recent requests with filters, charts of the last half hour, flagged activity. */
export function RequestLogPanel() {
  const [filters, setFilters] = useState<LogFilters>(NO_FILTERS);
  const [paused, setPaused] = useState(false);
  const log = useRequestLog(filters, paused);
  const tokenNames = useMemo(() => new Map(log.tokens.map((token) => [token.id, token.name])), [log.tokens]);

  return (
    <div className="request-log" data-testid="request-log">
      <LogFiltersBar filters={filters} onChange={setFilters} tokens={log.tokens} paused={paused} onPause={setPaused} onRefresh={log.refresh} updatedAt={log.updatedAt} />
      {log.error ? <ErrorNote onRetry={log.refresh}>Could not read the request log: {log.error}</ErrorNote> : null}
      <DroppedRowsNote status={log.status} />
      <div className="log-split">
        <div className="log-rows scroll">{log.loaded ? <LogTable rows={log.rows} tokenNames={tokenNames} onPick={(row) => void showLoggedTrace(row)} /> : null}</div>
        <aside className="log-side scroll">
          <MetricsCharts metrics={log.metrics} />
          <FlagsList flags={log.flags} />
        </aside>
      </div>
    </div>
  );
}
