import type { SuiteProblems } from './suite-errors.js';
import type { SuiteForm } from './suite-form.js';

/** A row of the form at an index (`steps.1`, `fixtures.0`, `steps.1.outbound.stubs.2`): its value there is the row's identity. */
const ROW = /^(?:steps\.\d+(?:\.outbound\.stubs\.\d+)?|fixtures\.\d+)$/;

const text = (value: unknown): string => JSON.stringify(value);

/**
 * Every field a problem can be keyed by (see fieldOf in suite-errors) with its value as typed. A row's own key holds only its
 * identity, so a row moved, removed or added at an index counts as an edit of that row and of all its fields.
 */
export function fieldValues(form: SuiteForm): Map<string, string> {
  const values = new Map<string, string>([
    ['name', form.name],
    ['description', form.description],
    ['environment', form.environment],
    ['steps', text(form.steps.map((step) => step.key))],
    ['fixtures', text(form.fixtures.map(({ collection, records }) => [collection, records]))],
  ]);
  form.fixtures.forEach((fixture, index) => {
    values.set(`fixtures.${index}`, fixture.key);
    values.set(`fixtures.${index}.collection`, fixture.collection);
    values.set(`fixtures.${index}.records`, fixture.records);
  });
  form.steps.forEach((step, index) => {
    const at = `steps.${index}`;
    values.set(at, step.key);
    values.set(`${at}.name`, step.name);
    values.set(`${at}.apiId`, step.apiId);
    values.set(`${at}.request.params`, text(step.params));
    values.set(`${at}.request.query`, text(step.query));
    values.set(`${at}.request.headers`, text(step.headers));
    values.set(`${at}.request.body`, text([step.body, step.bodyIsText]));
    values.set(`${at}.request.token`, text([step.tokenOn, step.scopes, step.keyGroupIds]));
    values.set(`${at}.expect.status`, step.status);
    values.set(`${at}.expect.headers`, text(step.expectHeaders));
    values.set(`${at}.expect.body`, step.expectBody);
    values.set(`${at}.expect.bodyEquals`, step.expectBodyEquals);
    values.set(`${at}.expect.assert`, text(step.asserts));
    values.set(`${at}.expect.schema`, step.schema);
    values.set(`${at}.expect.maxLatencyMs`, step.maxLatencyMs);
    values.set(`${at}.outbound.stubs`, text(step.outbound.stubs.map((stub) => stub.key)));
    values.set(`${at}.outbound.allowHosts`, text(step.outbound.allowHosts));
    step.outbound.stubs.forEach((stub, stubIndex) => {
      const stubAt = `${at}.outbound.stubs.${stubIndex}`;
      values.set(stubAt, stub.key);
      values.set(`${stubAt}.method`, stub.method);
      values.set(`${stubAt}.url`, stub.url);
      values.set(`${stubAt}.status`, stub.status);
      values.set(`${stubAt}.headers`, text(stub.headers));
      values.set(`${stubAt}.body`, stub.body);
    });
    // A saved value's problem is keyed by its name: renaming the line, or changing its expression, edits it.
    for (const name of new Set(step.save.map((pair) => pair.name))) values.set(`${at}.save.${name}`, text(step.save.filter((pair) => pair.name === name)));
  });
  return values;
}

/** The fields whose value differs between two versions of the form (present in one only counts). */
export function touchedFields(before: SuiteForm, after: SuiteForm): string[] {
  const was = fieldValues(before);
  const now = fieldValues(after);
  return [...new Set([...was.keys(), ...now.keys()])].filter((field) => was.get(field) !== now.get(field));
}

/** Whether a field or the row it sits in (a step, a stub, a collection's records) was edited. */
function isEdited(field: string, edited: ReadonlySet<string>): boolean {
  if (edited.has(field)) return true;
  const parts = field.split('.');
  return parts.some((_part, end) => {
    const row = parts.slice(0, end + 1).join('.');
    return ROW.test(row) && edited.has(row);
  });
}

/** The last save's problems still standing: a field edited since (or sitting in a row moved or removed since) has none left. */
export function openProblems(problems: SuiteProblems, edited: ReadonlySet<string>): SuiteProblems {
  if (edited.size === 0) return problems;
  const fields = Object.fromEntries(Object.entries(problems.fields).filter(([field]) => !isEdited(field, edited)));
  const kept = problems.list.flatMap((entry, index) => {
    const field = problems.listFields[index] ?? '';
    return field !== '' && isEdited(field, edited) ? [] : [{ entry, field }];
  });
  return { fields, list: kept.map(({ entry }) => entry), listFields: kept.map(({ field }) => field) };
}
