import { describe, expect, it } from 'vitest';
import { NodeFailure } from '../../../server/executors/types.js';
import { buildNode, runContext, runNode, scopeOf, testServices } from './helpers.js';

describe('request', () => {
  it('outputs the request on out', async () => {
    const scope = scopeOf({ path: '/users/1', params: { id: '1' } });
    expect(await runNode('request', {}, scope)).toEqual({ port: 'out', output: scope.request });
  });
});

describe('transform', () => {
  it('outputs the value of a plain path synchronously', () => {
    const result = buildNode('transform', { expression: 'request.body.name' })(scopeOf({ body: { name: 'Ada' } }), runContext());
    expect(result).toEqual({ port: 'out', output: 'Ada' });
  });

  it('evaluates full JSONata', async () => {
    const result = await runNode('transform', { expression: '{ "upper": $uppercase(request.body.name), "n": $count(request.body.tags) }' }, scopeOf({ body: { name: 'ada', tags: ['a', 'b'] } }));
    expect(result).toEqual({ port: 'out', output: { upper: 'ADA', n: 2 } });
  });

  it('reads earlier steps', async () => {
    const result = await runNode('transform', { expression: 'steps.user.name & "!"' }, scopeOf({}, { user: { name: 'Ada' } }));
    expect(result).toEqual({ port: 'out', output: 'Ada!' });
  });

  it('turns a JSONata error into expression_failed naming the field', async () => {
    const failure = runNode('transform', { expression: '$number("x") + {}' }, scopeOf());
    await expect(failure).rejects.toBeInstanceOf(NodeFailure);
    await expect(failure).rejects.toMatchObject({ code: 'expression_failed', message: expect.stringMatching(/^expression: /) });
  });

  it('rejects a syntax error when it is built', async () => {
    await expect(runNode('transform', { expression: 'request.(' })).rejects.toMatchObject({ code: 'invalid_expression' });
  });
});

describe('set', () => {
  it('builds an object from named expressions, mixing fast and JSONata fields', async () => {
    const scope = scopeOf({ query: { q: 'x' }, body: { a: 1, b: 2 } });
    const result = await runNode('set', { fields: { q: 'request.query.q', sum: 'request.body.a + request.body.b', fixed: '"k"' } }, scope);
    expect(result).toEqual({ port: 'out', output: { q: 'x', sum: 3, fixed: 'k' } });
  });
});

describe('condition', () => {
  it.each([
    ['true', true],
    ['false', false],
    ['request.query.limit > 10', true],
    ['request.query.missing', false],
    ['request.query.empty', false],
    ['request.query.list', true],
    ['request.query.zeroes', false],
    ['{}', false],
    ['request.query', true],
  ])('%s → %s', async (expression, expected) => {
    const scope = scopeOf({ query: { limit: 20, empty: '', list: [0, 'a'], zeroes: [0, 0] } });
    expect(await runNode('condition', { expression }, scope)).toEqual({ port: String(expected), output: expected });
  });
});

describe('validate', () => {
  const schema = { type: 'object', required: ['name'], properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } } };

  it('takes valid with no errors', async () => {
    expect(await runNode('validate', { what: 'request.body', schema }, scopeOf({ body: { name: 'Ada', email: 'ada@example.com' } }))).toEqual({ port: 'valid', output: [] });
  });

  it('takes invalid with every error as {path, message}', async () => {
    const result = await runNode('validate', { what: 'request.body', schema }, scopeOf({ body: { email: 'nope', extra: 1 } }));
    expect(result).toMatchObject({ port: 'invalid' });
    const output = (result as { output: unknown }).output;
    expect(output).toEqual(
      expect.arrayContaining([
        { path: '/name', message: "must have required property 'name'" },
        { path: '/email', message: 'must match format "email"' },
      ]),
    );
  });

  it('refuses a broken schema when it is built', async () => {
    await expect(runNode('validate', { schema: { type: 'nonsense' } })).rejects.toMatchObject({ code: 'invalid_schema' });
  });
});

describe('log', () => {
  it('writes to the server log and outputs what it wrote', async () => {
    const services = testServices();
    const result = await runNode('log', { level: 'warn', message: '"hello " & request.path' }, scopeOf({ path: '/x' }), services);
    expect(result).toEqual({ port: 'out', output: { level: 'warn', message: 'hello /x' } });
    expect(services.logged).toEqual([{ level: 'warn', message: 'hello /x', requestId: 'req_test', nodeKey: 'node' }]);
  });

  it('writes non-text values as JSON', async () => {
    const result = await runNode('log', { message: 'request.params' }, scopeOf({ params: { id: '7' } }));
    expect(result).toEqual({ port: 'out', output: { level: 'info', message: '{"id":"7"}' } });
  });
});
