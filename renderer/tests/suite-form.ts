import { BODY_METHODS, pathParamNames, type ApiRecord } from '../../shared/model/api.js';
import { DEFAULT_TEST_ENVIRONMENT, type ApiTest, type SuiteStep, type TestExpectations, type TestSuite, type TestSuiteInputBody, type TokenProfile } from '../../shared/model/api-tests.js';
import { exampleBody, parseBody } from '../tester/request-model.js';
import { newFormKey, pairsOf, recordOf, type Pair } from './form-pairs.js';
import { fixtureFormsOf, fixturesInput, outboundFormOf, outboundInput, type FixtureForm, type FormProblem, type OutboundForm } from './suite-data-form.js';

export { newPair, type Pair } from './form-pairs.js';
export type { FormProblem } from './suite-data-form.js';

/** A step as the editor holds it: text as typed, parsed only when the suite is saved. */
export type StepForm = {
  key: string;
  name: string;
  apiId: string;
  params: Record<string, string>;
  query: Pair[];
  headers: Pair[];
  /** JSON text, or the recorded text when `bodyIsText` (a request replayed from the log). */
  body: string;
  bodyIsText: boolean;
  tokenOn: boolean;
  scopes: string;
  keyGroupIds: string[];
  /** The token profile's other settings (variables, address, environment), kept as they were. */
  tokenRest: Partial<TokenProfile>;
  status: string;
  expectBody: string;
  expectBodyEquals: string;
  expectHeaders: Pair[];
  asserts: string[];
  maxLatencyMs: string;
  schema: string;
  save: Pair[];
  /** Stubs answering the flow's outbound calls, and hosts it may really call. */
  outbound: OutboundForm;
};

/** `fixtures`: records seeded into the run's sandbox before the first step, per collection. */
export type SuiteForm = { name: string; description: string; environment: string; steps: StepForm[]; fixtures: FixtureForm[] };
const jsonText = (value: unknown): string => (value === undefined ? '' : JSON.stringify(value, null, 2));

export function emptySuiteForm(environment = DEFAULT_TEST_ENVIRONMENT): SuiteForm {
  return { name: '', description: '', environment, steps: [], fixtures: [] };
}

export function formOfSuite(suite: TestSuite): SuiteForm {
  return { name: suite.name, description: suite.description, environment: suite.environment, steps: suite.steps.map(formOfStep), fixtures: fixtureFormsOf(suite.fixtures) };
}

/** A step of a suite, or a saved test to start a step from: the same request and expectations. */
export function formOfStep(step: Pick<SuiteStep, 'name' | 'apiId' | 'request' | 'expect' | 'outbound'> & { save?: Record<string, string> }): StepForm {
  const { request, expect } = step;
  const { scopes = [], keyGroupIds = [], ...tokenRest } = request.token ?? {};
  const asserts = expect.assert === undefined ? [] : Array.isArray(expect.assert) ? expect.assert : [expect.assert];
  return {
    key: newFormKey(),
    name: step.name,
    apiId: step.apiId,
    params: { ...request.params },
    query: pairsOf(request.query),
    headers: pairsOf(request.headers),
    body: request.rawBody ?? jsonText(request.body),
    bodyIsText: request.rawBody !== undefined,
    tokenOn: request.token !== null,
    scopes: scopes.join(' '),
    keyGroupIds,
    tokenRest,
    status: expect.status === undefined ? '' : String(expect.status),
    expectBody: jsonText(expect.body),
    expectBodyEquals: jsonText(expect.bodyEquals),
    expectHeaders: pairsOf(expect.headers),
    asserts,
    maxLatencyMs: expect.maxLatencyMs === undefined ? '' : String(expect.maxLatencyMs),
    schema: jsonText(expect.schema),
    save: pairsOf(step.save),
    outbound: outboundFormOf(step.outbound),
  };
}

/** A new step calling an API: its path parameters to fill, an example body, or a saved test's request and expectations. */
export function newStepForm(api: ApiRecord, from?: ApiTest): StepForm {
  if (from) return formOfStep({ ...from, apiId: api.id });
  const form = formOfStep({
    name: `${api.method} ${api.path}`,
    apiId: api.id,
    request: { params: Object.fromEntries(pathParamNames(api.path).map((name) => [name, ''])), query: {}, headers: {}, token: null },
    expect: {},
    outbound: { stubs: [], allowHosts: [] },
  });
  return BODY_METHODS.has(api.method) ? { ...form, body: exampleBody(api.bodySchema) } : form;
}

/** Path parameters to show for a step: the API's, then any the step still has from before. */
export function paramNamesOf(step: StepForm, api: ApiRecord | undefined): string[] {
  return [...new Set([...(api ? pathParamNames(api.path) : []), ...Object.keys(step.params)])];
}

/** Saved values of the steps before `index`, with the step that saves each (a later step saving a name again wins). */
export function valuesBefore(form: SuiteForm, index: number): { name: string; step: number }[] {
  const byName = new Map<string, number>();
  form.steps.slice(0, index).forEach((step, at) => {
    for (const pair of step.save) if (pair.name.trim() !== '') byName.set(pair.name.trim(), at);
  });
  return [...byName].map(([name, step]) => ({ name, step }));
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** `{{name}}` placeholders in the step's request and expectations that no earlier step saves. */
export function unknownValues(form: SuiteForm, index: number): string[] {
  const step = form.steps[index];
  if (!step) return [];
  const known = new Set(valuesBefore(form, index).map((value) => value.name));
  const texts = [
    ...Object.values(step.params),
    ...[...step.query, ...step.headers, ...step.expectHeaders].map((pair) => pair.value),
    step.body,
    step.expectBody,
    step.expectBodyEquals,
  ];
  const used = texts.flatMap((text) => [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!));
  return [...new Set(used)].filter((name) => !known.has(name));
}

/** The query as a test sends it: a name given twice becomes a list. */
function queryOf(pairs: readonly Pair[]): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const pair of pairs) {
    const name = pair.name.trim();
    if (name === '') continue;
    const known = query[name];
    query[name] = known === undefined ? pair.value : [...(Array.isArray(known) ? known : [known]), pair.value];
  }
  return query;
}

/** JSON typed in a box: its value, undefined when empty, or a problem for that field. */
function jsonField(text: string, field: string, what: string, problems: FormProblem[]): unknown {
  const parsed = parseBody(text);
  if (parsed.ok) return parsed.value;
  problems.push({ field, message: `${what} is not JSON: ${parsed.message}` });
  return undefined;
}

function numberField(text: string, field: string, what: string, problems: FormProblem[]): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  if (Number.isFinite(value)) return value;
  problems.push({ field, message: `${what} is a number` });
  return undefined;
}

function stepInput(step: StepForm, index: number, problems: FormProblem[]): NonNullable<TestSuiteInputBody['steps']>[number] {
  const at = `steps.${index}`;
  const body = step.bodyIsText ? undefined : jsonField(step.body, `${at}.request.body`, 'The body', problems);
  const expect: TestExpectations = {};
  const status = numberField(step.status, `${at}.expect.status`, 'The expected status', problems);
  if (status !== undefined) expect.status = status;
  const headers = recordOf(step.expectHeaders);
  if (Object.keys(headers).length > 0) expect.headers = headers;
  const contains = jsonField(step.expectBody, `${at}.expect.body`, 'The body it contains', problems);
  if (contains !== undefined) expect.body = contains;
  const equals = jsonField(step.expectBodyEquals, `${at}.expect.bodyEquals`, 'The whole body', problems);
  if (equals !== undefined) expect.bodyEquals = equals;
  const asserts = step.asserts.map((text) => text.trim()).filter((text) => text !== '');
  if (asserts.length > 0) expect.assert = asserts.length === 1 ? asserts[0] : asserts;
  const latency = numberField(step.maxLatencyMs, `${at}.expect.maxLatencyMs`, 'The time budget', problems);
  if (latency !== undefined) expect.maxLatencyMs = latency;
  const schema = jsonField(step.schema, `${at}.expect.schema`, 'The JSON Schema', problems);
  if (schema !== undefined) {
    if (typeof schema === 'object' && schema !== null && !Array.isArray(schema)) expect.schema = schema as Record<string, unknown>;
    else problems.push({ field: `${at}.expect.schema`, message: 'The JSON Schema is an object, like {"type": "object"}' });
  }
  const scopes = step.scopes.split(/[\s,]+/).filter((scope) => scope !== '');
  return {
    name: step.name,
    apiId: step.apiId,
    request: {
      params: Object.fromEntries(Object.entries(step.params).filter(([, value]) => value !== '')),
      query: queryOf(step.query),
      headers: recordOf(step.headers),
      ...(step.bodyIsText ? { rawBody: step.body } : body === undefined ? {} : { body }),
      token: step.tokenOn ? { ...step.tokenRest, scopes, keyGroupIds: step.keyGroupIds } : null,
    },
    expect,
    outbound: outboundInput(step.outbound, at, problems),
    // Values are sent as typed: the server says which names and expressions it cannot take.
    save: Object.fromEntries(step.save.filter((pair) => pair.name !== '' || pair.value !== '').map((pair) => [pair.name, pair.value])),
  };
}

/** The suite as the admin API takes it, or the boxes whose text cannot be read (nothing is sent then). */
export function suiteInputOf(form: SuiteForm): { input: TestSuiteInputBody; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const fixtures = fixturesInput(form.fixtures, problems);
  const steps = form.steps.map((step, index) => stepInput(step, index, problems));
  return { input: { name: form.name, description: form.description, environment: form.environment, steps, fixtures }, problems };
}
