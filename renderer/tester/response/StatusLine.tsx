import { formatBytes, formatMs, statusText, statusTone } from '../answer-notes.js';
import type { TesterResult } from '../tester-store.js';

type Answer = Extract<TesterResult, { kind: 'answer' }>;

/** "200 OK · 12 ms · 340 B · Live · dev": the status coloured by class, and which mode answered. */
export function StatusLine({ answer }: { answer: Answer }) {
  return (
    <div className="tester-status-line">
      <span className={`tester-status tone-${statusTone(answer.status)}`} data-testid="tester-status">
        {answer.status} {statusText(answer.status)}
      </span>
      <span className="faint" data-testid="tester-time" title="Round trip, measured in the editor">
        {formatMs(answer.durationMs)}
      </span>
      <span className="faint" data-testid="tester-size">
        {formatBytes(answer.bytes)}
      </span>
      <span
        className={`badge ${answer.mode === 'live' ? 'badge-accent' : 'badge-warning'}`}
        data-testid="tester-answered-by"
        title={`${answer.mode === 'live' ? 'Answered by the published API over HTTP' : 'Answered by a test-run of the unsaved draft'}${answer.requestId ? ` · request ${answer.requestId}` : ''}`}
      >
        {answer.mode === 'live' ? 'Live' : 'Draft'} · {answer.environment}
      </span>
    </div>
  );
}
