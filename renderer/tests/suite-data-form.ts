import { TEST_LIMITS, type OutboundStub, type TestFixture, type TestOutbound } from '../../shared/model/api-tests.js';
import { parseBody } from '../tester/request-model.js';
import { newFormKey, pairsOf, recordOf, type Pair } from './form-pairs.js';

/** A problem found before sending: the field it belongs to (see fieldOf in suite-errors) and what to do. */
export type FormProblem = { field: string; message: string };

/** The methods a stub may answer; '' answers any. */
export const STUB_METHODS = ['', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type StubMethod = (typeof STUB_METHODS)[number];

/** What a stub answers when its status is left empty (the model's default). */
export const DEFAULT_STUB_STATUS = 200;

/** A collection's records seeded into the run's sandbox, as typed: a JSON array of objects. */
export type FixtureForm = { key: string; collection: string; records: string };

/** A stub of an outbound call, as typed. */
export type StubForm = { key: string; method: StubMethod; url: string; status: string; headers: Pair[]; body: string };

/** A step's outbound calls: stubs that answer them, hosts really called (one per row). */
export type OutboundForm = { stubs: StubForm[]; allowHosts: string[] };

const jsonText = (value: unknown): string => (value === undefined ? '' : JSON.stringify(value, null, 2));

export const newFixtureForm = (collection = ''): FixtureForm => ({ key: newFormKey(), collection, records: '[\n  \n]' });
export const newStubForm = (): StubForm => ({ key: newFormKey(), method: '', url: '', status: String(DEFAULT_STUB_STATUS), headers: [], body: '' });

export function fixtureFormsOf(fixtures: readonly TestFixture[]): FixtureForm[] {
  return fixtures.map((fixture) => ({ key: newFormKey(), collection: fixture.collection, records: jsonText(fixture.records) }));
}

export function outboundFormOf(outbound: TestOutbound): OutboundForm {
  return {
    stubs: outbound.stubs.map((stub) => ({ key: newFormKey(), method: stub.method ?? '', url: stub.url, status: String(stub.status), headers: pairsOf(stub.headers), body: jsonText(stub.body) })),
    allowHosts: [...outbound.allowHosts],
  };
}

/** The records a box holds: parsed and counted as it is typed, or what is wrong with the text. */
export type RecordsReading = { ok: true; records: Record<string, unknown>[] } | { ok: false; message: string };

export function readRecords(text: string): RecordsReading {
  const parsed = parseBody(text);
  if (!parsed.ok) return { ok: false, message: `The records are not JSON: ${parsed.message}` };
  if (parsed.value === undefined) return { ok: true, records: [] };
  if (!Array.isArray(parsed.value)) return { ok: false, message: 'The records are a JSON array of objects, like [{"id": "n1", "title": "Hello"}]' };
  const notObject = parsed.value.findIndex((item) => typeof item !== 'object' || item === null || Array.isArray(item));
  if (notObject >= 0) return { ok: false, message: `Record ${notObject + 1} is not an object: each record is {"field": value, …}` };
  return { ok: true, records: parsed.value as Record<string, unknown>[] };
}

/** Records over every collection that can be read now (a box that cannot be read counts none). */
export function recordTotal(forms: readonly FixtureForm[]): number {
  return forms.reduce((sum, form) => {
    const reading = readRecords(form.records);
    return sum + (reading.ok ? reading.records.length : 0);
  }, 0);
}

/** The fixtures as the admin API takes them; a box that cannot be read, or too many records, is a problem (nothing is sent then). */
export function fixturesInput(forms: readonly FixtureForm[], problems: FormProblem[]): TestFixture[] {
  const fixtures: TestFixture[] = [];
  forms.forEach((form, index) => {
    const reading = readRecords(form.records);
    if (!reading.ok) problems.push({ field: `fixtures.${index}.records`, message: reading.message });
    // A row left blank is not a fixture; a named one without records is sent, and seeds nothing.
    else if (form.collection.trim() !== '' || reading.records.length > 0) fixtures.push({ collection: form.collection.trim(), records: reading.records });
  });
  const total = recordTotal(forms);
  if (total > TEST_LIMITS.fixtureRecords) problems.push({ field: 'fixtures', message: `${total} records: a suite seeds at most ${TEST_LIMITS.fixtureRecords} in all` });
  return fixtures;
}

/** A step's outbound calls as the admin API takes them; a stub's body that is not JSON or a status that is not a number is a problem. */
export function outboundInput(form: OutboundForm, at: string, problems: FormProblem[]): TestOutbound {
  const stubs = form.stubs.map((stub, index): OutboundStub => {
    const field = `${at}.outbound.stubs.${index}`;
    const answer: OutboundStub = { url: stub.url.trim(), status: DEFAULT_STUB_STATUS, headers: recordOf(stub.headers) };
    if (stub.method !== '') answer.method = stub.method;
    const status = stub.status.trim() === '' ? DEFAULT_STUB_STATUS : Number(stub.status);
    if (Number.isInteger(status)) answer.status = status;
    else problems.push({ field: `${field}.status`, message: 'The stub’s status is a whole number, like 200' });
    const body = parseBody(stub.body);
    if (!body.ok) problems.push({ field: `${field}.body`, message: `The stub’s body is not JSON: ${body.message}` });
    else if (body.value !== undefined) answer.body = body.value;
    return answer;
  });
  return { stubs, allowHosts: form.allowHosts.map((host) => host.trim()).filter((host) => host !== '') };
}
