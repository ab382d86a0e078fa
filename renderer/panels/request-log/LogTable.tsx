import type { LogFlag, RequestLogEntry } from '../../../shared/api/admin.js';
import { SaveLogRowAsTest } from '../../tests/SaveLogRowAsTest.js';
import { formatMs, statusTone } from '../../tester/answer-notes.js';

const FLAG_LABELS: Record<LogFlag, { text: string; help: string }> = {
  new_ip: { text: 'new IP', help: 'The first request of this token from this address' },
  auth_burst: { text: '401 burst', help: 'One of many 401s from this address within a minute: someone guessing or replaying tokens' },
};

const timeOf = (iso: string): string => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

type Props = { rows: readonly RequestLogEntry[]; tokenNames: ReadonlyMap<string, string>; onPick: (row: RequestLogEntry) => void };

/** The newest requests first; flagged ones stand out. A click shows the request's trace when it is kept. */
export function LogTable({ rows, tokenNames, onPick }: Props) {
  if (rows.length === 0) return <p className="faint log-empty">No requests match. Calls to published APIs and Draft runs from the tester appear here within seconds.</p>;
  return (
    <table className="log-table" data-testid="log-table">
      <thead>
        <tr>
          <th>Time</th>
          <th>Status</th>
          <th>API</th>
          <th>Env</th>
          <th className="num">Latency</th>
          <th>Token</th>
          <th>IP</th>
          <th>
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.requestId}
            className={row.flags.length > 0 ? 'is-flagged' : ''}
            onClick={() => onPick(row)}
            title={`${row.method} ${row.path} · ${row.requestId}${row.errorCode ? ` · ${row.errorCode}` : ''}\nClick to show its trace on the canvas, if it was kept`}
            data-testid="log-row"
            data-request-id={row.requestId}
            data-status={row.status}
            data-flags={row.flags.join(' ')}
            data-source={row.source}
          >
            <td className="mono">{timeOf(row.time)}</td>
            <td className={`mono log-status tone-${statusTone(row.status)}`}>
              {row.status}
              {row.source === 'draft' ? (
                <span className="badge badge-accent" title="A Draft run from the tester: it wrote to its session's Draft data, never to live records" data-testid="log-draft">
                  Draft
                </span>
              ) : null}
              {row.flags.map((flag) => (
                <span key={flag} className={`badge ${flag === 'auth_burst' ? 'badge-danger' : 'badge-warning'}`} title={FLAG_LABELS[flag].help} data-testid="log-flag">
                  {FLAG_LABELS[flag].text}
                </span>
              ))}
            </td>
            <td className="ellipsis log-api" title={`${row.method} ${row.path}`}>
              {row.apiName ?? `${row.method} ${row.path}`}
            </td>
            <td>{row.environment ?? '—'}</td>
            <td className="mono num">{formatMs(row.latencyMs)}</td>
            <td className="ellipsis">{row.tokenId ? (tokenNames.get(row.tokenId) ?? row.tokenId) : <span className="faint">none</span>}</td>
            <td className="mono">{row.ip}</td>
            <td>
              <SaveLogRowAsTest row={row} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
