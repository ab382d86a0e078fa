import { relativeTime } from '../../panels/common/relative-time.js';
import { useEditor } from '../../stores/editor.js';
import { formatMs, statusTone } from '../answer-notes.js';
import { clearHistory, type HistoryEntry } from '../history.js';
import { newRow } from '../request-model.js';
import { useTester } from '../tester-store.js';

/** `/dev/users/42?x=1`: the host is the same for every entry. */
function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}

function restore(entry: HistoryEntry): void {
  const apiId = useEditor.getState().apiId;
  if (!apiId) return;
  const fresh = (rows: HistoryEntry['draft']['query']) => rows.map((row) => newRow(row.name, row.value, row.enabled));
  useTester.getState().setDraft(apiId, { ...entry.draft, query: fresh(entry.draft.query), headers: fresh(entry.draft.headers) });
  useTester.setState({ mode: entry.mode, environment: entry.environment });
}

/** The requests sent for this API (kept in this browser without tokens); a click puts one back in the tester. */
export function HistoryList({ onRestore }: { onRestore: () => void }) {
  const apiId = useEditor((state) => state.apiId);
  const history = useTester((state) => state.history);
  if (history.length === 0) return <p className="faint kv-empty">Requests you send are listed here, without their tokens, so you can send them again.</p>;
  return (
    <div className="tester-history">
      <ul className="tester-history-list" data-testid="tester-history">
        {history.map((entry) => (
          <li key={entry.id}>
            <button
              type="button"
              className="tester-history-item"
              onClick={() => {
                restore(entry);
                onRestore();
              }}
              title={`Restore this request (${new Date(entry.at).toLocaleString()})`}
            >
              <span className={`tester-status-dot tone-${entry.status === null ? 'none' : statusTone(entry.status)}`}>{entry.status ?? '—'}</span>
              <span className="badge tester-history-mode">{entry.mode === 'live' ? 'Live' : 'Draft'}</span>
              <span className="mono ellipsis grow">{pathOf(entry.url)}</span>
              <span className="faint">{entry.durationMs === null ? '' : formatMs(entry.durationMs)}</span>
              <span className="faint tester-history-time">{relativeTime(new Date(entry.at).toISOString())}</span>
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        onClick={() => {
          if (apiId) clearHistory(localStorage, apiId);
          useTester.setState({ history: [] });
        }}
      >
        Clear history
      </button>
    </div>
  );
}
