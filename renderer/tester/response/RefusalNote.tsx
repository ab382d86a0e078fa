import { useEffect, useState } from 'react';
import { Icon } from '../../theme/icons.js';
import { loadRefusal } from '../refusal-context.js';
import { refusalRule, type Refusal } from '../refusal.js';
import type { TesterResult } from '../tester-store.js';

type Answer = Extract<TesterResult, { kind: 'answer' }>;

/** For a 403: the access rule that refused it (environment, IP allowlist, key group, scope) and the caller's address. */
export function RefusalNote({ answer }: { answer: Answer }) {
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  useEffect(() => {
    setRefusal(null);
    if (answer.status !== 403) return;
    const controller = new AbortController();
    void loadRefusal(answer, controller.signal).then((loaded) => {
      if (!controller.signal.aborted) setRefusal(loaded);
    });
    return () => controller.abort();
  }, [answer]);
  if (!refusal) return null;
  const rule = refusalRule(refusal);
  return (
    <p className="tester-note tester-note-warning" data-testid="tester-refusal" data-rule={rule.rule}>
      <Icon name="shield-check" size={13} />
      <span>
        <strong>{rule.title}:</strong> {rule.detail} <span className="tester-refusal-ip">Caller IP: {refusal.callerIp ?? 'not found in the request log'}</span>
      </span>
    </p>
  );
}
