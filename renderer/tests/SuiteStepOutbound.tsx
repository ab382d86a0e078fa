import { TEST_LIMITS } from '../../shared/model/api-tests.js';
import { TextRows } from '../panels/common/TextRows.js';
import { Icon } from '../theme/icons.js';
import { FieldProblem } from './FieldProblem.js';
import { PairRows } from './PairRows.js';
import { newStubForm, STUB_METHODS, type OutboundForm, type StubForm, type StubMethod } from './suite-data-form.js';

type Props = {
  outbound: OutboundForm;
  onChange: (outbound: OutboundForm) => void;
  /** The server's word on this step's fields, by key relative to the step (`outbound.stubs.0.url`). */
  problem: (field: string) => string | undefined;
};

/** A step's outbound calls (the flow's HTTP request nodes): stubs that answer them, and hosts the run may really call. */
export function SuiteStepOutbound({ outbound, onChange, problem }: Props) {
  const { stubs, allowHosts } = outbound;
  const updateStub = (key: string, patch: Partial<StubForm>): void => onChange({ ...outbound, stubs: stubs.map((stub) => (stub.key === key ? { ...stub, ...patch } : stub)) });
  return (
    <fieldset className="suite-part" data-testid="suite-step-outbound">
      <legend className="section-title">Outbound calls</legend>
      <p className="faint">
        Calls the flow’s HTTP request nodes make: the first stub whose method and URL start match answers instead of the real service; a host allowed below is really called; any other call fails the step, naming its URL.
      </p>
      {stubs.map((stub, index) => {
        const at = `outbound.stubs.${index}`;
        return (
          <div key={stub.key} className="suite-stub" data-testid="suite-stub">
            <div className="suite-stub-head">
              <label className="field">
                <span className="field-label">Method</span>
                <select className="select" value={stub.method} onChange={(event) => updateStub(stub.key, { method: event.target.value as StubMethod })} data-testid="suite-stub-method">
                  {STUB_METHODS.map((method) => (
                    <option key={method} value={method}>
                      {method === '' ? 'Any' : method}
                    </option>
                  ))}
                </select>
                <FieldProblem text={problem(`${at}.method`)} />
              </label>
              <label className="field grow">
                <span className="field-label">URL it starts with</span>
                <input className={`input mono ${problem(`${at}.url`) ? 'invalid' : ''}`} value={stub.url} placeholder="https://api.example.com/rates" onChange={(event) => updateStub(stub.key, { url: event.target.value })} data-testid="suite-stub-url" />
                <FieldProblem text={problem(`${at}.url`)} />
              </label>
              <label className="field">
                <span className="field-label">Answer status</span>
                <input className={`input mono suite-stub-status ${problem(`${at}.status`) ? 'invalid' : ''}`} type="number" min={200} max={599} value={stub.status} onChange={(event) => updateStub(stub.key, { status: event.target.value })} data-testid="suite-stub-status" />
                <FieldProblem text={problem(`${at}.status`)} />
              </label>
              <button type="button" className="btn btn-ghost btn-sm btn-icon suite-stub-remove" aria-label={`Remove stub ${index + 1}`} title="Remove this stub" onClick={() => onChange({ ...outbound, stubs: stubs.filter((other) => other.key !== stub.key) })}>
                <Icon name="trash" size={13} />
              </button>
            </div>
            <div className="suite-grid">
              <div className="field">
                <span className="field-label">Answer headers</span>
                <PairRows pairs={stub.headers} onChange={(headers) => updateStub(stub.key, { headers })} noun="answer header" namePlaceholder="content-type" valuePlaceholder="application/json" testId="suite-stub-headers" />
                <FieldProblem text={problem(`${at}.headers`)} />
              </div>
              <label className="field">
                <span className="field-label">Answer body (JSON, optional)</span>
                <textarea className={`textarea mono suite-json ${problem(`${at}.body`) ? 'invalid' : ''}`} value={stub.body} spellCheck={false} placeholder='{"rate": 1.08}' onChange={(event) => updateStub(stub.key, { body: event.target.value })} data-testid="suite-stub-body" />
                <FieldProblem text={problem(`${at}.body`)} />
              </label>
            </div>
          </div>
        );
      })}
      <button type="button" className="btn btn-ghost btn-sm suite-pairs-add" disabled={stubs.length >= TEST_LIMITS.stubsPerTest} onClick={() => onChange({ ...outbound, stubs: [...stubs, newStubForm()] })} data-testid="suite-stub-add">
        <Icon name="plus" /> Add a stub{stubs.length >= TEST_LIMITS.stubsPerTest ? ` (at most ${TEST_LIMITS.stubsPerTest})` : ''}
      </button>
      <FieldProblem text={problem('outbound.stubs')} />
      <div className="field">
        <span className="field-label">Hosts really called (host or host:port, within the environment’s outbound settings)</span>
        <TextRows rows={allowHosts} onChange={(rows) => onChange({ ...outbound, allowHosts: rows })} problem={() => null} label="Allowed host" placeholder="api.example.com" addLabel="Allow a host" testId="suite-allow-hosts" />
        <FieldProblem text={problem('outbound.allowHosts')} />
      </div>
    </fieldset>
  );
}
