import { describe, expect, it } from 'vitest';
import type { TestSuite } from '../../../shared/model/api-tests.js';
import { AdminApiError } from '../../../renderer/api/errors.js';
import { formProblems, saveProblems, type SuiteProblems } from '../../../renderer/tests/suite-errors.js';
import { newStubForm } from '../../../renderer/tests/suite-data-form.js';
import { formOfSuite, newPair, type SuiteForm } from '../../../renderer/tests/suite-form.js';
import { openProblems, touchedFields } from '../../../renderer/tests/suite-problems.js';

const step = (name: string, url: string): TestSuite['steps'][number] => ({
  name, apiId: 'api_a',
  request: { params: {}, query: {}, headers: {}, token: null },
  expect: { status: 200 },
  outbound: { stubs: [{ url, status: 200, headers: {} }], allowHosts: [] },
  save: { 'note-id': 'body.id' },
});

const suite: TestSuite = {
  id: 'ste_1', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', revision: 1,
  name: '', description: '', environment: 'dev',
  fixtures: [{ collection: 'notes', records: [{ id: 'n1' }] }],
  steps: [step('creates', 'rates.example.test'), step('reads', 'https://ok.example.test/')],
};

/** The server's refusal of that suite: the empty name, step 1's stub URL and value name, step 2's status, a collection, one with no field. */
const refusal = new AdminApiError(400, 'invalid_input', 'The request body is invalid: …', [
  { path: 'name', message: 'Too small: expected string to have >=1 characters' },
  { path: 'steps.0.outbound.stubs.0.url', message: 'Invalid URL' },
  { path: 'steps.0.save.note-id', message: 'cannot name a value' },
  { path: 'steps.1.expect.status', message: 'Too small: expected number to be >=100' },
  { path: 'fixtures.0.collection', message: 'not a collection name' },
  { path: 'whatever', message: 'something about the suite' },
]);

/** The problems still shown after each edit, from the refused form on. */
function afterEdits(edits: ((form: SuiteForm) => SuiteForm)[]): SuiteProblems {
  let form = formOfSuite(suite);
  const refused = saveProblems(refusal, form.steps.map((one) => one.name), ['notes']);
  const edited = new Set<string>();
  for (const edit of edits) {
    const next = edit(form);
    for (const field of touchedFields(form, next)) edited.add(field);
    form = next;
  }
  return openProblems(refused, edited);
}

const editStep = (form: SuiteForm, index: number, patch: Partial<SuiteForm['steps'][number]>): SuiteForm => ({ ...form, steps: form.steps.map((one, at) => (at === index ? { ...one, ...patch } : one)) });
const editStub = (form: SuiteForm, url: string): SuiteForm => {
  const first = form.steps[0]!;
  return editStep(form, 0, { outbound: { ...first.outbound, stubs: first.outbound.stubs.map((stub, at) => (at === 0 ? { ...stub, url } : stub)) } });
};
const swapSteps = (form: SuiteForm): SuiteForm => ({ ...form, steps: [form.steps[1]!, form.steps[0]!] });

describe('a refused field\'s problem once the builder edits it', () => {
  it('shows every problem until something is edited', () => {
    const standing = afterEdits([]);
    expect(Object.keys(standing.fields)).toEqual(['name', 'steps.0.outbound.stubs.0.url', 'steps.0.save.note-id', 'steps.1.expect.status', 'fixtures.0.collection']);
    expect(standing.list).toHaveLength(6);
  });

  it('drops the stub URL\'s problem, beside it and at the top, once the URL is edited; the others stay', () => {
    const standing = afterEdits([(form) => editStub(form, 'https://rates.example.test/')]);
    expect(Object.keys(standing.fields)).toEqual(['name', 'steps.0.save.note-id', 'steps.1.expect.status', 'fixtures.0.collection']);
    expect(standing.list).not.toContainEqual(expect.stringContaining('outbound stub 1 URL'));
    expect(standing.list).toHaveLength(5);
    expect(standing.listFields).toEqual(['name', 'steps.0.save.note-id', 'steps.1.expect.status', 'fixtures.0.collection', '']);
  });

  it('keeps a field\'s problem dropped when its value is typed back (edited since the save), and leaves the problem naming no field', () => {
    const standing = afterEdits([(form) => ({ ...form, name: 'x' }), (form) => ({ ...form, name: '' })]);
    expect(standing.fields.name).toBeUndefined();
    expect(standing.list).toContain('The suite: something about the suite');
  });

  it('drops a saved value\'s problem when its name or its expression changes', () => {
    expect(afterEdits([(form) => editStep(form, 0, { save: [{ ...form.steps[0]!.save[0]!, name: 'noteId' }] })]).fields['steps.0.save.note-id']).toBeUndefined();
    expect(afterEdits([(form) => editStep(form, 0, { save: [{ ...form.steps[0]!.save[0]!, value: 'body.uid' }] })]).fields['steps.0.save.note-id']).toBeUndefined();
    expect(afterEdits([(form) => editStep(form, 0, { save: [...form.steps[0]!.save, newPair('other', 'status')] })]).fields['steps.0.save.note-id']).toBe('cannot name a value');
  });

  it('never shows a step\'s problem on another step after a move or a remove: the moved steps\' problems go', () => {
    const moved = afterEdits([swapSteps]);
    expect(Object.keys(moved.fields)).toEqual(['name', 'fixtures.0.collection']);
    expect(moved.list.filter((entry) => entry.startsWith('Step'))).toEqual([]);
    const movedBack = afterEdits([swapSteps, swapSteps]);
    expect(Object.keys(movedBack.fields)).toEqual(['name', 'fixtures.0.collection']);
    const removedFirst = afterEdits([(form) => ({ ...form, steps: form.steps.slice(1) })]);
    expect(Object.keys(removedFirst.fields)).toEqual(['name', 'fixtures.0.collection']);
  });

  it('keeps the other steps\' problems when a step is added or the last one removed, and a stub\'s when another stub is added', () => {
    const removedLast = afterEdits([(form) => ({ ...form, steps: form.steps.slice(0, 1) })]);
    expect(Object.keys(removedLast.fields)).toEqual(['name', 'steps.0.outbound.stubs.0.url', 'steps.0.save.note-id', 'fixtures.0.collection']);
    const added = afterEdits([(form) => ({ ...form, steps: [...form.steps, { ...form.steps[1]!, key: 'p-new' }] })]);
    expect(Object.keys(added.fields)).toHaveLength(5);
    const stubAdded = afterEdits([(form) => editStep(form, 0, { outbound: { ...form.steps[0]!.outbound, stubs: [...form.steps[0]!.outbound.stubs, newStubForm()] } })]);
    expect(stubAdded.fields['steps.0.outbound.stubs.0.url']).toBe('Invalid URL');
    const stubRemoved = afterEdits([(form) => editStep(form, 0, { outbound: { ...form.steps[0]!.outbound, stubs: [] } })]);
    expect(stubRemoved.fields['steps.0.outbound.stubs.0.url']).toBeUndefined();
  });

  it('drops a collection\'s problem when its name is edited or the collection removed', () => {
    const renamed = afterEdits([(form) => ({ ...form, fixtures: form.fixtures.map((fixture) => ({ ...fixture, collection: 'memos' })) })]);
    expect(renamed.fields['fixtures.0.collection']).toBeUndefined();
    expect(renamed.fields.name).toBe('cannot be empty');
    expect(afterEdits([(form) => ({ ...form, fixtures: [] })]).fields['fixtures.0.collection']).toBeUndefined();
  });

  it('drops the form\'s own JSON problem of a box once the box is edited', () => {
    const form = formOfSuite(suite);
    const found = formProblems([{ field: 'steps.1.request.body', message: 'The body is not JSON: x' }, { field: 'steps.0.expect.schema', message: 'The JSON Schema is an object' }], ['creates', 'reads']);
    const next = editStep(form, 1, { body: '{}' });
    const standing = openProblems(found, new Set(touchedFields(form, next)));
    expect(standing.fields).toEqual({ 'steps.0.expect.schema': 'The JSON Schema is an object' });
    expect(standing.list).toEqual(['Step 1 “creates”: The JSON Schema is an object']);
  });
});
