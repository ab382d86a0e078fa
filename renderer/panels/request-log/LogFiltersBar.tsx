import type { TokenInfo } from '../../../shared/model/token.js';
import { environmentNames, useApis } from '../../stores/apis.js';
import { Icon } from '../../theme/icons.js';
import { STATUS_CLASSES } from './chart-data.js';
import type { LogFilters } from './log-filters.js';

type Props = {
  filters: LogFilters;
  onChange: (filters: LogFilters) => void;
  tokens: readonly TokenInfo[];
  paused: boolean;
  onPause: (paused: boolean) => void;
  onRefresh: () => void;
  updatedAt: number | null;
};

/** API, environment, status class and token filters, and the live-refresh toggle. */
export function LogFiltersBar({ filters, onChange, tokens, paused, onPause, onRefresh, updatedAt }: Props) {
  const apis = useApis((state) => state.apis);
  const environments = useApis((state) => state.environments);
  const set = (patch: Partial<LogFilters>): void => onChange({ ...filters, ...patch });
  return (
    <div className="log-filters">
      <select className="select" aria-label="API" value={filters.api} onChange={(event) => set({ api: event.target.value })} data-testid="log-filter-api">
        <option value="">All APIs</option>
        {apis.map((api) => (
          <option key={api.id} value={api.id}>
            {api.name}
          </option>
        ))}
      </select>
      <select className="select" aria-label="Environment" value={filters.environment} onChange={(event) => set({ environment: event.target.value })} data-testid="log-filter-environment">
        <option value="">All environments</option>
        {environmentNames(environments).map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <select className="select" aria-label="Status" value={filters.status} onChange={(event) => set({ status: event.target.value })} data-testid="log-filter-status">
        <option value="">Any status</option>
        {STATUS_CLASSES.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <select className="select" aria-label="Live or Draft" value={filters.source} onChange={(event) => set({ source: event.target.value as LogFilters['source'] })} data-testid="log-filter-source">
        <option value="">Live and Draft</option>
        <option value="live">Live only</option>
        <option value="draft">Draft runs only</option>
      </select>
      <select className="select" aria-label="Token" value={filters.token} onChange={(event) => set({ token: event.target.value })} data-testid="log-filter-token">
        <option value="">Any token</option>
        {tokens.map((token) => (
          <option key={token.id} value={token.id}>
            {token.name} ({token.environment})
          </option>
        ))}
      </select>
      <span className="grow" />
      <span className="faint log-updated" title={updatedAt ? new Date(updatedAt).toLocaleTimeString() : undefined}>
        {paused ? 'Paused' : updatedAt ? 'Live' : ''}
        {!paused && updatedAt ? <span className="log-live-dot" aria-hidden /> : null}
      </span>
      <button type="button" className="btn btn-sm" onClick={() => onPause(!paused)} aria-pressed={paused} data-testid="log-pause">
        {paused ? 'Resume' : 'Pause'}
      </button>
      {paused ? (
        <button type="button" className="btn btn-sm btn-ghost btn-icon" onClick={onRefresh} aria-label="Refresh now" title="Refresh now">
          <Icon name="redo" />
        </button>
      ) : null}
    </div>
  );
}
