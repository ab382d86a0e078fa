import { useEffect, useState, type ReactNode } from 'react';
import type { SuiteStepResult } from '../../shared/api/tests.js';
import type { ApiTest } from '../../shared/model/api-tests.js';
import { admin } from '../api/client.js';
import { errorMessage } from '../api/errors.js';
import { useApis } from '../stores/apis.js';
import { Icon } from '../theme/icons.js';
import { newStepForm, type StepForm } from './suite-form.js';

type Props = {
  steps: StepForm[];
  selected: number;
  onSelect: (index: number) => void;
  onMove: (index: number, by: -1 | 1) => void;
  onRemove: (index: number) => void;
  onAdd: (step: StepForm) => void;
  /** Step indexes the server refused something of. */
  withProblems: ReadonlySet<number>;
  /** The latest run's result of each step, when the run was of these steps. */
  results: readonly SuiteStepResult[] | null;
  /** Above the steps: the suite's seeded records, chosen like a step. */
  before?: ReactNode;
};

/** The suite's steps in order, each movable and removable, and how to add one. */
export function SuiteStepList({ steps, selected, onSelect, onMove, onRemove, onAdd, withProblems, results, before }: Props) {
  const apis = useApis((state) => state.apis);
  return (
    <div className="suite-steps">
      {before}
      <h3 className="section-title" id="suite-steps-title">Steps, in order</h3>
      {steps.length === 0 ? <p className="faint suite-steps-empty">No steps yet: pick an API below and add its first call.</p> : null}
      <ol className="suite-step-list" aria-labelledby="suite-steps-title">
        {steps.map((step, index) => {
          const api = apis.find((known) => known.id === step.apiId);
          const result = results?.[index];
          const state = result === undefined ? 'not-run' : result.passed ? 'passed' : 'failed';
          const saves = step.save.map((pair) => pair.name.trim()).filter((name) => name !== '');
          return (
            <li key={step.key} className={`suite-step-row ${index === selected ? 'selected' : ''} ${withProblems.has(index) ? 'has-problem' : ''}`} data-testid="suite-step-row" data-step-name={step.name} data-state={state}>
              <button type="button" className="suite-step-main" onClick={() => onSelect(index)} aria-current={index === selected ? 'step' : undefined}>
                <span className="suite-step-number">{index + 1}</span>
                <span className="suite-step-text">
                  <span className="ellipsis">{step.name || <span className="faint">(no name)</span>}</span>
                  <span className="ellipsis faint">
                    {api ? `${api.method} ${api.path}` : 'API not found'}
                    {saves.length > 0 ? ` · saves ${saves.join(', ')}` : ''}
                  </span>
                </span>
                {result ? <span className={`test-mark is-${state}`} aria-label={state}>{result.passed ? '✓' : '✗'}</span> : null}
                {withProblems.has(index) ? <Icon name="alert-circle" size={13} className="suite-step-problem" title="The server refused something of this step" /> : null}
              </button>
              <span className="suite-step-tools">
                <button type="button" className="btn btn-ghost btn-sm btn-icon" disabled={index === 0} onClick={() => onMove(index, -1)} aria-label={`Move ${step.name || `step ${index + 1}`} up`} title="Move up">
                  <Icon name="chevron-up" size={13} />
                </button>
                <button type="button" className="btn btn-ghost btn-sm btn-icon" disabled={index === steps.length - 1} onClick={() => onMove(index, 1)} aria-label={`Move ${step.name || `step ${index + 1}`} down`} title="Move down">
                  <Icon name="chevron-down" size={13} />
                </button>
                <button type="button" className="btn btn-ghost btn-sm btn-icon" onClick={() => onRemove(index)} aria-label={`Remove ${step.name || `step ${index + 1}`}`} title="Remove this step" data-testid="suite-step-remove">
                  <Icon name="trash" size={13} />
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      <AddStep onAdd={onAdd} />
    </div>
  );
}

/** An API of the workspace to call, and optionally one of its saved tests to start from. */
function AddStep({ onAdd }: { onAdd: (step: StepForm) => void }) {
  const apis = useApis((state) => state.apis);
  const [apiId, setApiId] = useState('');
  const [tests, setTests] = useState<ApiTest[]>([]);
  const [testId, setTestId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const chosen = apis.find((api) => api.id === apiId) ?? apis[0];
  const chosenId = chosen?.id;

  useEffect(() => {
    setTests([]);
    setTestId('');
    setError(null);
    if (!chosenId) return;
    let current = true;
    admin.tests
      .list({ params: { id: chosenId } })
      .then((list) => current && setTests(list))
      .catch((failure: unknown) => current && setError(`Could not list its tests: ${errorMessage(failure)}`));
    return () => {
      current = false;
    };
  }, [chosenId]);

  if (!chosen) return <p className="faint">The workspace has no APIs yet: create one to call it from a suite.</p>;
  return (
    <div className="suite-add-step" role="group" aria-label="Add a step">
      <label className="field">
        <span className="field-label">Call the API</span>
        <select className="select" value={chosen.id} onChange={(event) => setApiId(event.target.value)} data-testid="suite-add-api">
          {apis.map((api) => (
            <option key={api.id} value={api.id}>
              {api.name} — {api.method} {api.path}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Starting from</span>
        <select className="select" value={testId} onChange={(event) => setTestId(event.target.value)} data-testid="suite-add-from">
          <option value="">An empty request</option>
          {tests.map((test) => (
            <option key={test.id} value={test.id}>
              Its test “{test.name}”
            </option>
          ))}
        </select>
      </label>
      {error ? <span className="field-error">{error}</span> : null}
      <button type="button" className="btn btn-sm" onClick={() => onAdd(newStepForm(chosen, tests.find((test) => test.id === testId)))} data-testid="suite-add-step">
        <Icon name="plus" /> Add step
      </button>
    </div>
  );
}
