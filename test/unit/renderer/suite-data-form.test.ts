import { describe, expect, it } from 'vitest';
import { TEST_LIMITS, type TestOutbound } from '../../../shared/model/api-tests.js';
import { AdminApiError } from '../../../renderer/api/errors.js';
import { fixtureFormsOf, fixturesInput, newFixtureForm, newStubForm, outboundFormOf, outboundInput, readRecords, recordTotal, type FormProblem } from '../../../renderer/tests/suite-data-form.js';
import { formProblems, saveProblems } from '../../../renderer/tests/suite-errors.js';

describe('the records a suite seeds, as typed', () => {
  it('reads a JSON array of objects and counts it; an empty box is no records', () => {
    expect(readRecords('[{"id": "n1"}, {"id": "n2", "title": "x"}]')).toEqual({ ok: true, records: [{ id: 'n1' }, { id: 'n2', title: 'x' }] });
    expect(readRecords('  ')).toEqual({ ok: true, records: [] });
  });

  it('says what is wrong with text that is not an array of objects', () => {
    expect(readRecords('[{"id": ')).toMatchObject({ ok: false, message: expect.stringMatching(/^The records are not JSON: /) as unknown });
    expect(readRecords('{"id": "n1"}')).toEqual({ ok: false, message: 'The records are a JSON array of objects, like [{"id": "n1", "title": "Hello"}]' });
    expect(readRecords('[{"id": "n1"}, 3]')).toEqual({ ok: false, message: 'Record 2 is not an object: each record is {"field": value, …}' });
  });

  it('gives back the fixtures it was made from, leaves blank rows out and flags an unreadable box by its field', () => {
    const fixtures = [{ collection: 'notes', records: [{ id: 'n1', title: 'Groceries' }] }, { collection: 'tags', records: [] }];
    const forms = [...fixtureFormsOf(fixtures), newFixtureForm()];
    const problems: FormProblem[] = [];
    expect(fixturesInput(forms, problems)).toEqual(fixtures);
    expect(problems).toEqual([]);
    forms[1]!.records = '[{"id": }]';
    fixturesInput(forms, problems);
    expect(problems.map((problem) => problem.field)).toEqual(['fixtures.1.records']);
  });

  it('counts the records over every collection and refuses more than the limit before sending', () => {
    const many = newFixtureForm('notes');
    many.records = JSON.stringify(Array.from({ length: TEST_LIMITS.fixtureRecords + 1 }, (_item, index) => ({ id: `n${index}` })));
    const one = newFixtureForm('tags');
    one.records = '[{"id": "t1"}]';
    expect(recordTotal([many, one])).toBe(TEST_LIMITS.fixtureRecords + 2);
    const problems: FormProblem[] = [];
    fixturesInput([many, one], problems);
    expect(problems).toEqual([{ field: 'fixtures', message: `${TEST_LIMITS.fixtureRecords + 2} records: a suite seeds at most ${TEST_LIMITS.fixtureRecords} in all` }]);
  });
});

describe('a step\'s outbound calls, as typed', () => {
  it('gives back the stubs and allowed hosts it was made from', () => {
    const outbound: TestOutbound = {
      stubs: [
        { method: 'GET', url: 'https://rates.example.com/eur', status: 200, headers: { 'x-source': 'stub' }, body: { rate: 1.08 } },
        { url: 'https://api.example.com/', status: 503, headers: {} },
      ],
      allowHosts: ['127.0.0.1:3000'],
    };
    const problems: FormProblem[] = [];
    expect(outboundInput(outboundFormOf(outbound), 'steps.0', problems)).toEqual(outbound);
    expect(problems).toEqual([]);
  });

  it('answers 200 when the status is left empty, drops empty host rows, and flags a body that is not JSON', () => {
    const stub = { ...newStubForm(), url: ' https://api.example.com/x ', status: '', body: '{"ok": ' };
    const problems: FormProblem[] = [];
    const input = outboundInput({ stubs: [stub], allowHosts: ['', ' api.example.com '] }, 'steps.2', problems);
    expect(input).toEqual({ stubs: [{ url: 'https://api.example.com/x', status: 200, headers: {} }], allowHosts: ['api.example.com'] });
    expect(problems.map((problem) => problem.field)).toEqual(['steps.2.outbound.stubs.0.body']);
    expect(formProblems(problems, ['convert']).list).toEqual([expect.stringMatching(/^Step 3: The stub’s body is not JSON: /)]);
  });
});

describe('a refused save of seeded records and stubs, by field', () => {
  it('places zod\'s refusals on the collection, its records, a stub\'s URL and the allowed hosts', () => {
    const refusal = new AdminApiError(400, 'invalid_input', 'The request body is invalid: …', [
      { path: 'fixtures.0.collection', message: 'Too small: expected string to have >=1 characters' },
      { path: 'fixtures.1.records.0.id', message: 'Invalid input' },
      { path: 'steps.0.outbound.stubs.1.url', message: 'Invalid URL' },
      { path: 'steps.0.outbound.allowHosts.0', message: 'Too big: expected string to have <=300 characters' },
      { path: 'fixtures', message: 'fixtures hold at most 1000 records in all' },
    ]);
    const { fields, list } = saveProblems(refusal, ['convert'], ['', 'notes']);
    expect(fields).toEqual({
      'fixtures.0.collection': 'cannot be empty',
      'fixtures.1.records': 'Invalid input',
      'steps.0.outbound.stubs.1.url': 'Invalid URL',
      'steps.0.outbound.allowHosts': 'is longer than 300 characters',
      fixtures: 'fixtures hold at most 1000 records in all',
    });
    expect(list[0]).toBe('Records seeded before the run, collection 1: name: cannot be empty');
    expect(list[1]).toBe('Records seeded before the run, collection “notes”: Invalid input');
    expect(list[2]).toBe('Step 1 “convert”: outbound stub 2 URL: Invalid URL');
  });

  it('places the suite checks\' problems about fixtures and stubs', () => {
    const refusal = new AdminApiError(400, 'invalid_test', 'The test cannot be checked as it is: …', ['fixtures.0.collection: "Bad Name" is not a collection name', 'steps.0.outbound.stubs.0.url: not https']);
    expect(saveProblems(refusal, ['convert'], ['Bad Name']).fields).toEqual({ 'fixtures.0.collection': '"Bad Name" is not a collection name', 'steps.0.outbound.stubs.0.url': 'not https' });
  });
});
