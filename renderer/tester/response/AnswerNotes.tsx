import { useRunTrace } from '../../stores/run-trace.js';
import { Icon } from '../../theme/icons.js';
import { explainWwwAuthenticate, headerLookup, rateLimitNote } from '../answer-notes.js';
import type { TesterResult } from '../tester-store.js';
import { DraftCallPrompt } from './DraftCallPrompt.js';
import { RefusalNote } from './RefusalNote.js';

type Answer = Extract<TesterResult, { kind: 'answer' }>;

/** Plain words for what the headers and the trace say: rate limit, auth challenge, the rule that refused, where the flow stopped. */
export function AnswerNotes({ answer }: { answer: Answer }) {
  const get = headerLookup(answer.headers);
  const rateLimit = rateLimitNote(answer.mode, get);
  const challenge = get('www-authenticate');
  const failed = useRunTrace((state) => state.trace.find((step) => step.error));
  const stepCount = useRunTrace((state) => state.trace.length);
  return (
    <div className="tester-notes">
      <DraftCallPrompt answer={answer} />
      {rateLimit ? (
        <p className="tester-note" data-testid="tester-rate-limit">
          <Icon name="history" size={13} /> {rateLimit}
        </p>
      ) : null}
      {challenge ? (
        <p className="tester-note tester-note-warning" data-testid="tester-www-authenticate" title={`WWW-Authenticate: ${challenge}`}>
          <Icon name="shield-check" size={13} /> {explainWwwAuthenticate(challenge)}
        </p>
      ) : null}
      <RefusalNote answer={answer} />
      {answer.traceNote ? (
        <p className="tester-note" data-testid="tester-trace-note">
          <Icon name="alert-circle" size={13} /> {answer.traceNote}
        </p>
      ) : null}
      {failed ? (
        <p className="tester-note tester-note-danger" data-testid="tester-failed-step">
          <Icon name="x-octagon" size={13} /> Failed at “{failed.key}”: {failed.error?.message}
        </p>
      ) : stepCount > 0 ? (
        <p className="tester-note faint" data-testid="tester-trace-shown">
          <Icon name="git-branch" size={13} /> {stepCount} steps lit on the canvas; click a node to see its input and output.
        </p>
      ) : null}
    </div>
  );
}
