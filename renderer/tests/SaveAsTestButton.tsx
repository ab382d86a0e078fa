import { useMemo, useState } from 'react';
import type { TestRequestInput } from '../../shared/model/api-tests.js';
import { errorMessage } from '../api/errors.js';
import { Dialog, FormActions } from '../layout/Dialog.js';
import { useUi } from '../stores/ui.js';
import type { TesterResult } from '../tester/tester-store.js';
import { Icon } from '../theme/icons.js';
import { expectationsFrom, offeredExpectations } from './answer-expectations.js';
import { testRequestOfAnswer } from './tester-request.js';
import { useTests } from './tests-store.js';

type Answer = Extract<TesterResult, { kind: 'answer' }>;

/** "Save as test" on a tester answer: the request as sent, the answer's parts offered as expectations. */
export function SaveAsTestButton({ answer }: { answer: Answer }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-ghost btn-sm" onClick={() => setOpen(true)} data-testid="save-as-test" title="Keep this request as a test of the API, with what it answered as the expectations">
        <Icon name="check" size={13} /> Save as test
      </button>
      {open ? <SaveAsTestDialog answer={answer} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function SaveAsTestDialog({ answer, onClose }: { answer: Answer; onClose: () => void }) {
  const offered = useMemo(() => offeredExpectations(answer), [answer]);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(() => new Set(offered.filter((offer) => offer.checked).map((offer) => offer.id)));
  const [name, setName] = useState(() => defaultName(answer));
  const [assertion, setAssertion] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const toggle = (id: string, on: boolean): void => {
    const next = new Set(ticked);
    if (on) next.add(id);
    else next.delete(id);
    // The whole body and its fields say the same twice: ticking one unticks the other.
    if (on && id === 'bodyEquals') for (const offer of offered) if (offer.id.startsWith('body.')) next.delete(offer.id);
    if (on && id.startsWith('body.')) next.delete('bodyEquals');
    setTicked(next);
  };

  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const { request, tokenNote }: { request: TestRequestInput; tokenNote: string | null } = await testRequestOfAnswer(answer.at);
      await useTests.getState().save(answer.apiId, { name, environment: answer.environment, request, expect: expectationsFrom(offered, ticked, assertion) });
      useUi.getState().toast(`Saved “${name}” as a test${tokenNote ? `. ${tokenNote}` : ''}`, 'success');
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open title="Save as test" onClose={onClose} onSubmit={() => void save()} className="save-test-dialog">
      <label className="field">
        <span className="field-label">Name</span>
        <input className="input" value={name} onChange={(event) => setName(event.target.value)} autoFocus data-testid="save-test-name" />
      </label>
      <fieldset className="field save-test-expectations">
        <legend className="field-label">Expect, from this answer</legend>
        {offered.map((offer) => (
          <label key={offer.id} className="checkbox save-test-offer">
            <input type="checkbox" checked={ticked.has(offer.id)} onChange={(event) => toggle(offer.id, event.target.checked)} data-testid={`expect-${offer.id}`} />
            <span>{offer.label}</span>
            <code className="ellipsis">{offer.value}</code>
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span className="field-label">And this must be true (JSONata over status, headers, body), optional</span>
        <input className="input mono" value={assertion} onChange={(event) => setAssertion(event.target.value)} placeholder="$count(body.items) > 0" data-testid="save-test-assert" />
      </label>
      <p className="faint">It runs in a throwaway copy of the data, so what it writes never reaches the live records.</p>
      <FormActions error={error} onCancel={onClose} submitLabel={busy ? 'Saving…' : 'Save test'} disabled={busy || name.trim() === ''} testId="save-test-confirm" />
    </Dialog>
  );
}

/** `GET /users/42 → 200`: the call as the builder made it, without the environment. */
function defaultName(answer: Answer): string {
  const path = URL.canParse(answer.url) ? new URL(answer.url).pathname : answer.url;
  const withoutEnvironment = path.startsWith(`/${answer.environment}/`) ? path.slice(answer.environment.length + 1) : path;
  return `${answer.method} ${decodeURI(withoutEnvironment)} → ${answer.status}`;
}
