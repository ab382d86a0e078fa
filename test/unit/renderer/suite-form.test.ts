import { describe, expect, it } from 'vitest';
import type { TestSuite } from '../../../shared/model/api-tests.js';
import { AdminApiError } from '../../../renderer/api/errors.js';
import { saveProblems } from '../../../renderer/tests/suite-errors.js';
import { formOfSuite, newPair, suiteInputOf, unknownValues, valuesBefore } from '../../../renderer/tests/suite-form.js';

const suite: TestSuite = {
  id: 'ste_1', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', revision: 3,
  name: 'Sign up then read', description: 'journey', environment: 'dev',
  fixtures: [{ collection: 'users', records: [{ id: 'u1' }] }],
  steps: [
    {
      name: 'sign up', apiId: 'api_a',
      request: { params: {}, query: { tag: ['a', 'b'], page: '1' }, headers: { 'x-tenant': 'acme' }, body: { name: 'Ada' }, token: { scopes: ['users:write'], keyGroupIds: ['kg_1'], vars: { tenant: 'acme' }, address: '127.0.0.1' } },
      expect: { status: 201, headers: { 'content-type': 'application/json' }, assert: ['body.id != null', 'status = 201'], maxLatencyMs: 500 },
      outbound: { stubs: [{ url: 'https://api.example.com/x', status: 200, headers: {} }], allowHosts: [] },
      save: { id: 'body.id' },
    },
    {
      name: 'read', apiId: 'api_b',
      request: { params: { id: '{{id}}' }, query: {}, headers: {}, rawBody: 'not json', token: null },
      expect: { bodyEquals: { id: '{{id}}' }, schema: { type: 'object' }, assert: 'vars.id = body.id' },
      outbound: { stubs: [], allowHosts: [] },
      save: {},
    },
  ],
};

describe('the suite editor\'s form', () => {
  it('gives back the suite it was made from: lists in the query, the token\'s other settings, a recorded text body, stubs and fixtures', () => {
    const { input, problems } = suiteInputOf(formOfSuite(suite));
    expect(problems).toEqual([]);
    const { id: _i, createdAt: _c, updatedAt: _u, revision: _r, ...stored } = suite;
    expect(input).toEqual(stored);
  });

  it('sends nothing when a box holds text that is not JSON, naming the box', () => {
    const form = formOfSuite(suite);
    form.steps[0]!.body = '{"name": ';
    form.steps[0]!.status = '';
    form.steps[1]!.schema = '[1]';
    const { problems } = suiteInputOf(form);
    expect(problems.map((problem) => problem.field)).toEqual(['steps.0.request.body', 'steps.1.expect.schema']);
    expect(problems[0]!.message).toMatch(/^The body is not JSON: /);
  });

  it('offers each step the values earlier steps save, and names the {{values}} none saves', () => {
    const form = formOfSuite(suite);
    expect(valuesBefore(form, 0)).toEqual([]);
    expect(valuesBefore(form, 1)).toEqual([{ name: 'id', step: 0 }]);
    expect(unknownValues(form, 1)).toEqual([]);
    form.steps[1]!.headers = [newPair('x-user', '{{ userId }}')];
    expect(unknownValues(form, 1)).toEqual(['userId']);
    expect(unknownValues(form, 0)).toEqual([]);
  });
});

describe('a refused suite save in plain words', () => {
  const names = ['sign up', 'read'];

  it('says zod\'s refusals as a builder would, by field', () => {
    const refusal = new AdminApiError(400, 'invalid_input', 'The request body is invalid: …', [
      { path: 'name', message: 'Too small: expected string to have >=1 characters' },
      { path: 'steps.0.save.user-id', message: 'cannot name a value: use letters, digits and _, not starting with a digit (later steps write {{name}})' },
      { path: 'steps.1.expect.status', message: 'Too small: expected number to be >=100' },
      { path: 'steps', message: 'Too small: expected array to have >=1 items' },
    ]);
    const { fields, list } = saveProblems(refusal, names);
    expect(fields).toEqual({
      name: 'cannot be empty',
      'steps.0.save.user-id': 'cannot name a value: use letters, digits and _, not starting with a digit (later steps write {{name}})',
      'steps.1.expect.status': 'must be at least 100',
      steps: 'a suite needs at least one step: add one below',
    });
    expect(list[1]).toBe('Step 1 “sign up”: saved value “user-id”: cannot name a value: use letters, digits and _, not starting with a digit (later steps write {{name}})');
    expect(list[2]).toBe('Step 2 “read”: expected status: must be at least 100');
  });

  it('places the suite checks\' problems (expressions, schemas, APIs) on their fields', () => {
    const refusal = new AdminApiError(400, 'invalid_test', 'The test cannot be checked as it is: …', [
      'steps.0.save.id: Expected ")" before end of expression',
      'steps.1.expect.schema is not a JSON Schema Flowgate can check: bad',
      'steps.1.apiId: there is no API "api_gone"',
    ]);
    const { fields } = saveProblems(refusal, names);
    expect(fields).toEqual({
      'steps.0.save.id': 'Expected ")" before end of expression',
      'steps.1.expect.schema': 'is not a JSON Schema Flowgate can check: bad',
      'steps.1.apiId': 'there is no API "api_gone"',
    });
  });

  it('puts a taken name on the name, and anything else at the top', () => {
    expect(saveProblems(new AdminApiError(409, 'duplicate_test_name', '"x" already names a suite: choose another name'), names).fields).toEqual({ name: '"x" already names a suite: choose another name' });
    expect(saveProblems(new AdminApiError(0, 'network_error', 'Cannot reach the Flowgate server.'), names)).toEqual({ fields: {}, list: ['Cannot reach the Flowgate server.'], listFields: [''] });
  });
});
