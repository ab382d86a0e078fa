import { useState } from 'react';
import { useEditor } from '../../stores/editor.js';
import { useRunTrace } from '../../stores/run-trace.js';
import { SaveAsTestButton } from '../../tests/SaveAsTestButton.js';
import { Icon } from '../../theme/icons.js';
import { useTester, type TesterResult } from '../tester-store.js';
import { AnswerBody, AnswerHeaders } from './AnswerParts.js';
import { AnswerNotes } from './AnswerNotes.js';
import { StatusLine } from './StatusLine.js';

type Answer = Extract<TesterResult, { kind: 'answer' }>;

/** The answer to the last request of the open API, or why there is none. */
export function ResponseView() {
  const apiId = useEditor((state) => state.apiId);
  const result = useTester((state) => (state.result?.apiId === apiId ? state.result : null));
  const sending = useTester((state) => state.sending);

  if (!result) {
    return (
      <div className="empty-state compact tester-empty" data-testid="tester-response-empty">
        {sending ? (
          <p>
            <span className="spinner" aria-hidden /> Waiting for the answer…
          </p>
        ) : (
          <p>
            Press <strong>Send</strong> (<kbd>Ctrl</kbd> + <kbd>Enter</kbd>) to call this API. Its answer shows here, and the path it took lights up on the canvas.
          </p>
        )}
      </div>
    );
  }
  if (result.kind === 'failure') {
    return (
      <div className="tester-failure" role="alert" data-testid="tester-failure">
        <div className="row">
          <Icon name="alert-circle" className="tester-failure-icon" />
          <strong>{result.title}</strong>
          <span className="badge">{result.mode === 'live' ? 'Live' : 'Draft'} · {result.environment}</span>
        </div>
        <ul>
          {result.details.map((detail) => (
            <li key={detail}>{detail}</li>
          ))}
        </ul>
      </div>
    );
  }
  return <AnswerView answer={result} />;
}

function AnswerView({ answer }: { answer: Answer }) {
  const [tab, setTab] = useState<'body' | 'headers'>('body');
  const [raw, setRaw] = useState(false);
  const traced = useRunTrace((state) => state.trace.length > 0);
  const clearTrace = useRunTrace((state) => state.clear);
  return (
    <div className="tester-answer" data-testid="tester-response" data-status={answer.status} data-mode={answer.mode} data-request-at={answer.at}>
      <StatusLine answer={answer} />
      <AnswerNotes answer={answer} />
      <div className="tabs tester-subtabs" role="tablist" aria-label="Answer parts">
        <button type="button" role="tab" className="tab" aria-selected={tab === 'body'} onClick={() => setTab('body')}>
          Body
        </button>
        <button type="button" role="tab" className="tab" aria-selected={tab === 'headers'} onClick={() => setTab('headers')} data-testid="tester-tab-response-headers">
          Headers <span className="badge">{answer.headers.length}</span>
        </button>
        <div className="tabs-trailing row">
          <SaveAsTestButton answer={answer} />
          {traced ? (
            <button type="button" className="btn btn-ghost btn-sm" onClick={clearTrace} data-testid="tester-clear-trace" title="Remove the lit path from the canvas">
              Clear trace
            </button>
          ) : null}
          {tab === 'body' ? (
            <label className="checkbox tester-raw">
              <input type="checkbox" checked={raw} onChange={(event) => setRaw(event.target.checked)} data-testid="tester-raw" /> Raw
            </label>
          ) : null}
        </div>
      </div>
      <div className="tester-tab-body scroll">{tab === 'body' ? <AnswerBody answer={answer} raw={raw} /> : <AnswerHeaders headers={answer.headers} live={answer.mode === 'live'} />}</div>
    </div>
  );
}
