import { Icon } from '../../theme/icons.js';
import { allowDraftCall } from '../draft-data.js';
import type { TesterResult } from '../tester-store.js';

type Answer = Extract<TesterResult, { kind: 'answer' }>;

/** A Draft stopped before calling a host its session has not allowed: asks once, and sends again when allowed. */
export function DraftCallPrompt({ answer }: { answer: Answer }) {
  const host = answer.mode === 'draft' ? answer.callsToAllow?.[0] : undefined;
  if (!host) return null;
  return (
    <div className="tester-note tester-note-warning tester-allow-call" role="alert" data-testid="tester-allow-call">
      <Icon name="shield-check" size={13} />
      <span>
        This draft calls <strong className="mono">{host}</strong>: allow for this session?
      </span>
      <button type="button" className="btn btn-sm btn-primary" onClick={() => void allowDraftCall(host)} data-testid="tester-allow-call-yes">
        Allow and send again
      </button>
    </div>
  );
}
