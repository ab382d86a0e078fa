import type { ReactNode } from 'react';
import type { ApiRecord } from '../../shared/model/api.js';
import { TextRows } from '../panels/common/TextRows.js';
import { useApis } from '../stores/apis.js';
import { FieldProblem } from './FieldProblem.js';
import { PairRows } from './PairRows.js';
import { SuiteStepOutbound } from './SuiteStepOutbound.js';
import { SuiteStepToken } from './SuiteStepToken.js';
import { paramNamesOf, type StepForm } from './suite-form.js';

type Props = {
  step: StepForm;
  index: number;
  onChange: (patch: Partial<StepForm>) => void;
  /** Values earlier steps save, which this step may use as `{{name}}`. */
  available: { name: string; step: number }[];
  /** `{{name}}`s this step uses that no earlier step saves. */
  unknown: string[];
  /** The server's word on this step's fields, by field key (`steps.<index>.…`). */
  problems: Readonly<Record<string, string>>;
};

function Part({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <fieldset className="suite-part" data-testid={testId}>
      <legend className="section-title">{title}</legend>
      {children}
    </fieldset>
  );
}

/** One step of the suite: what it sends, what it expects back, how its outbound calls are answered, and the values it passes on. */
export function SuiteStepForm({ step, index, onChange, available, unknown, problems }: Props) {
  const apis = useApis((state) => state.apis);
  const api: ApiRecord | undefined = apis.find((known) => known.id === step.apiId);
  const at = `steps.${index}`;
  const problem = (field: string): string | undefined => problems[`${at}.${field}`];

  return (
    <div className="suite-step-form" data-testid="suite-step-form" data-step={index + 1}>
      <div className="suite-step-head">
        <label className="field grow">
          <span className="field-label">Step {index + 1} name</span>
          <input className={`input ${problem('name') ? 'invalid' : ''}`} value={step.name} onChange={(event) => onChange({ name: event.target.value })} data-testid="suite-step-name" />
          <FieldProblem text={problem('name')} />
        </label>
        <label className="field suite-step-api">
          <span className="field-label">API</span>
          <select className="select" value={step.apiId} onChange={(event) => onChange({ apiId: event.target.value })} data-testid="suite-step-api">
            {api ? null : <option value={step.apiId}>{step.apiId} (no longer in the workspace)</option>}
            {apis.map((known) => (
              <option key={known.id} value={known.id}>
                {known.name} — {known.method} {known.path}
              </option>
            ))}
          </select>
          <FieldProblem text={problem('apiId')} />
        </label>
      </div>

      <div className={`suite-values ${available.length === 0 ? 'is-empty' : ''}`} data-testid="suite-values-available">
        {available.length === 0 ? (
          <span className="faint">{index === 0 ? 'The first step: no values saved yet.' : 'No earlier step saves a value.'} Values this step saves are available to the steps after it.</span>
        ) : (
          <>
            <span className="muted">From earlier steps, write</span>
            {available.map((value) => (
              <code key={value.name} className="chip chip-static" title={`Saved by step ${value.step + 1}; assertions read it as vars.${value.name}`}>{`{{${value.name}}}`}</code>
            ))}
            <span className="faint">in a parameter, header or body; assertions read vars.name.</span>
          </>
        )}
        {unknown.length > 0 ? (
          <span className="field-warning" role="status" data-testid="suite-unknown-values">
            No earlier step saves {unknown.map((name) => `{{${name}}}`).join(', ')}: this step would not run.
          </span>
        ) : null}
      </div>

      <Part title="Request">
        <div className="suite-grid">
          <div className="field">
            <span className="field-label">Path parameters{api ? <span className="mono faint"> {api.method} {api.path}</span> : null}</span>
            {paramNamesOf(step, api).length === 0 ? <span className="faint">The path has none.</span> : null}
            {paramNamesOf(step, api).map((name) => (
              <label key={name} className="suite-param">
                <span className="mono">:{name}</span>
                <input className="input mono" value={step.params[name] ?? ''} placeholder="value or {{name}}" onChange={(event) => onChange({ params: { ...step.params, [name]: event.target.value } })} data-testid={`suite-param-${name}`} />
              </label>
            ))}
            <FieldProblem text={problem('request.params')} />
          </div>
          <div className="field">
            <span className="field-label">Query</span>
            <PairRows pairs={step.query} onChange={(query) => onChange({ query })} noun="query parameter" namePlaceholder="name" valuePlaceholder="value or {{name}}" testId="suite-query" />
            <FieldProblem text={problem('request.query')} />
          </div>
          <div className="field">
            <span className="field-label">Headers</span>
            <PairRows pairs={step.headers} onChange={(headers) => onChange({ headers })} noun="header" namePlaceholder="X-Tenant" valuePlaceholder="value or {{name}}" testId="suite-headers" />
            <FieldProblem text={problem('request.headers')} />
          </div>
          <label className="field">
            <span className="field-label">{step.bodyIsText ? 'Body (sent as this text, as recorded)' : 'Body (JSON, optional)'}</span>
            <textarea className={`textarea mono suite-json ${problem('request.body') ? 'invalid' : ''}`} value={step.body} spellCheck={false} placeholder='{"name": "{{userName}}"}' onChange={(event) => onChange({ body: event.target.value })} data-testid="suite-step-body" />
            <FieldProblem text={problem('request.body')} />
          </label>
        </div>
        <SuiteStepToken step={step} onChange={onChange} problem={problem('request.token')} />
      </Part>

      <Part title="Expect">
        <div className="suite-grid">
          <label className="field">
            <span className="field-label">Status</span>
            <input className={`input mono suite-status ${problem('expect.status') ? 'invalid' : ''}`} type="number" min={100} max={599} value={step.status} placeholder="any but 5xx" onChange={(event) => onChange({ status: event.target.value })} data-testid="suite-step-status" />
            <FieldProblem text={problem('expect.status')} />
          </label>
          <label className="field">
            <span className="field-label">Answers within (ms, optional)</span>
            <input className="input mono suite-status" type="number" min={1} value={step.maxLatencyMs} placeholder="no budget" onChange={(event) => onChange({ maxLatencyMs: event.target.value })} data-testid="suite-step-latency" />
            <FieldProblem text={problem('expect.maxLatencyMs')} />
          </label>
          <label className="field">
            <span className="field-label">The body contains (JSON: these fields with these values)</span>
            <textarea className={`textarea mono suite-json ${problem('expect.body') ? 'invalid' : ''}`} value={step.expectBody} spellCheck={false} placeholder='{"id": "{{id}}"}' onChange={(event) => onChange({ expectBody: event.target.value })} data-testid="suite-step-expect-body" />
            <FieldProblem text={problem('expect.body')} />
          </label>
          <div className="field">
            <span className="field-label">Headers</span>
            <PairRows pairs={step.expectHeaders} onChange={(expectHeaders) => onChange({ expectHeaders })} noun="expected header" namePlaceholder="content-type" valuePlaceholder="application/json" testId="suite-expect-headers" />
            <FieldProblem text={problem('expect.headers')} />
          </div>
          <div className="field suite-wide">
            <span className="field-label">And these must be true (JSONata over status, headers, body, vars)</span>
            <TextRows rows={step.asserts} onChange={(asserts) => onChange({ asserts })} problem={() => null} label="Assertion" placeholder="$count(body.items) > 0" addLabel="Add an assertion" testId="suite-step-asserts" />
            <FieldProblem text={problem('expect.assert')} />
          </div>
        </div>
        <details className="suite-more" open={Boolean(step.expectBodyEquals || step.schema || problem('expect.bodyEquals') || problem('expect.schema'))}>
          <summary>Whole body and JSON Schema</summary>
          <div className="suite-grid">
            <label className="field">
              <span className="field-label">The whole body is exactly (JSON)</span>
              <textarea className="textarea mono suite-json" value={step.expectBodyEquals} spellCheck={false} onChange={(event) => onChange({ expectBodyEquals: event.target.value })} data-testid="suite-step-body-equals" />
              <FieldProblem text={problem('expect.bodyEquals')} />
            </label>
            <label className="field">
              <span className="field-label">The body matches this JSON Schema</span>
              <textarea className="textarea mono suite-json" value={step.schema} spellCheck={false} placeholder='{"type": "object", "required": ["id"]}' onChange={(event) => onChange({ schema: event.target.value })} data-testid="suite-step-schema" />
              <FieldProblem text={problem('expect.schema')} />
            </label>
          </div>
        </details>
      </Part>

      <SuiteStepOutbound outbound={step.outbound} onChange={(outbound) => onChange({ outbound })} problem={problem} />

      <Part title="Save for later steps" testId="suite-step-save">
        <p className="faint">A name and a JSONata expression over the answer (status, headers, body, vars): later steps write {'{{name}}'}.</p>
        <PairRows
          pairs={step.save}
          onChange={(save) => onChange({ save })}
          noun="saved value"
          namePlaceholder="id"
          valuePlaceholder="body.id"
          testId="suite-saved"
          problemOf={(pair) => problems[`${at}.save.${pair.name}`]}
        />
      </Part>
    </div>
  );
}
