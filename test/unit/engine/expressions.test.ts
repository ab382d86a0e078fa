import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import type { FlowScope } from '../../../shared/model/runtime.js';
import { compileExpression, compileExpressionMap, isTruthy } from '../../../server/runtime/expressions.js';
import { UNBOUND_EVALUATION_MS } from '../../../server/runtime/expression-budget.js';
import { NodeFailure } from '../../../server/executors/types.js';

const scope: FlowScope = {
  request: {
    method: 'GET',
    path: '/users/1',
    params: { id: '1' },
    query: { tags: ['a', 'b'], empty: [], one: ['x'] },
    headers: { accept: 'application/json' },
    body: { name: 'Ada', list: [{ n: 1 }, { n: 2 }], nested: [[1, 2], [3]], nil: null, zero: 0, str: 'abc', obj: { deep: { v: true } } },
    ip: '127.0.0.1',
  },
  token: null,
  env: { name: 'dev', vars: { base: 'https://example.com' } },
  steps: { user: { id: '1', tags: [] }, items: [{ id: 'a' }, { id: 'b' }], single: [{ id: 'only' }], num: 5 },
};

/** Sources the fast path answers without JSONata; each must equal JSONata's own answer. */
const FAST = [
  'request', 'request.params.id', 'request.body', 'request.body.name', 'request.query.tags', 'request.query.empty',
  'request.query.one', 'request.body.nested', 'request.body.nil', 'request.body.nil.x', 'request.body.zero',
  'request.body.str.length', 'request.body.obj.deep.v', 'request.missing', 'request.missing.deeper', 'token', 'token.id',
  'steps.user', 'steps.user.tags', 'steps.items', 'steps.num.x', 'env.vars', 'env.vars.base', 'request.body.toString',
  'request.body.constructor', 'request.__proto__', ' request.params ',
  '42', '-1.5', '1e3', '2E-2', '0', '-0', '"x"', "'y'", '"a\\"b"', '"\\u00e9\\n"', "'with \"double\" quotes'", 'true', 'false', 'null',
  // Object constructors, concatenation, comparisons and and/or over the forms above.
  'request.body.name & "!"', '"a" & "b"', "'a' & 'b'", '"tab\there"', '"n" & steps.num', '"x" & request.missing',
  '{"id": request.params.id, "name": "Ada", "n": 1, "ok": true}', '{"gone": request.missing, "kept": null}', '{"tags": request.query.tags}',
  '{"outer": {"inner": request.params.id}}', 'request.params.id = "1"', 'request.params.id != "1"', 'request.missing = null',
  'request.missing != 1', 'steps.num > 3', 'steps.num <= 5', '"a" < "b"', 'request.body.zero = 0', 'request.body.nil = null',
  'request.body.obj.deep.v and steps.num > 1', 'request.missing or request.body.name', 'request.body.zero or request.body.nil',
];

/** Sources that must go to JSONata: paths through arrays, and everything that is not a plain path or literal. */
const VIA_JSONATA = [
  'steps.items.id', 'steps.single.id', 'request.body.list.n', 'request.query.tags.x', 'request.body.nested.x',
  '$count(steps.items)', 'request.query.tags[0]', '1 + 2', '"n" & 1.5', '"list" & request.query.tags',
  '{"ids": steps.items.id}', 'steps.user = steps.user', 'request.missing > 1', '[steps.user]', 'request.body.list[n > 1]', '$.request.path',
];

describe('compileExpression', () => {
  it.each(FAST)('fast path %j answers synchronously, as JSONata does', async (source) => {
    const value = compileExpression(source)(scope);
    expect(value).not.toBeInstanceOf(Promise);
    expect(value).toEqual(await jsonata(source).evaluate(scope));
  });

  it.each(VIA_JSONATA)('%j goes through JSONata and comes back as plain JSON', async (source) => {
    const pending = compileExpression(source)(scope);
    expect(pending).toBeInstanceOf(Promise);
    const value = await pending;
    expect(JSON.stringify(value)).toBe(JSON.stringify(await jsonata(source).evaluate(scope)));
    expect(hasSequenceFlag(value)).toBe(false);
  });

  it('returns the same reference for a path, so large values are not copied', () => {
    expect(compileExpression('steps.items')(scope)).toBe(scope.steps.items);
  });

  it('evaluates an empty source to undefined', () => {
    expect(compileExpression('')(scope)).toBeUndefined();
    expect(compileExpression('   ')(scope)).toBeUndefined();
  });

  it('drops JSONata functions from results', async () => {
    expect(await compileExpression('function($x) { $x }')(scope)).toBeUndefined();
    expect(await compileExpression('{"f": $uppercase, "a": 1}')(scope)).toEqual({ a: 1 });
  });

  it('names the field when evaluation fails', async () => {
    const failure = compileExpression('$number("x") + {}', 'body')(scope) as Promise<unknown>;
    await expect(failure).rejects.toBeInstanceOf(NodeFailure);
    await expect(failure).rejects.toMatchObject({ code: 'expression_failed', message: expect.stringMatching(/^body: /) });
  });

  it('names the field on a syntax error', () => {
    expect(() => compileExpression('request.(', 'url')).toThrow(expect.objectContaining({ code: 'invalid_expression', message: expect.stringMatching(/^url: /) }));
  });

  it('stops deep recursion at the depth limit', async () => {
    const deep = compileExpression('($f := function($n) { 1 + $f($n + 1) }; $f(0))')(scope);
    await expect(deep).rejects.toMatchObject({ code: 'expression_failed', message: expect.stringContaining('Stack overflow') });
  });

  it('stops an endless (tail-recursive) loop outside a flow run at its own time limit', async () => {
    const started = performance.now();
    const endless = compileExpression('($f := function($n) { $f($n + 1) }; $f(0))')(scope);
    await expect(endless).rejects.toMatchObject({ code: 'deadline_exceeded', message: expect.stringContaining('ran out of time') });
    expect(performance.now() - started).toBeLessThan(UNBOUND_EVALUATION_MS * 3);
  });
});

describe('compileExpressionMap', () => {
  it('is synchronous when every member is', () => {
    expect(compileExpressionMap({ id: 'request.params.id', n: '1' })(scope)).toEqual({ id: '1', n: 1 });
  });

  it('waits for members that need JSONata', async () => {
    const pending = compileExpressionMap({ id: 'request.params.id', count: '$count(steps.items)' })(scope);
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toEqual({ id: '1', count: 2 });
  });
});

describe('isTruthy', () => {
  it.each([
    [undefined, false], [null, false], [0, false], [1, true], ['', false], ['a', true], [[], false], [[0], false],
    [[0, 1], true], [{}, false], [{ a: 1 }, true], [false, false], [true, true], [Number.NaN, false],
  ])('%j → %s, as JSONata $boolean', (value, expected) => {
    expect(isTruthy(value)).toBe(expected);
  });
});

function hasSequenceFlag(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value) && Object.hasOwn(value, 'sequence')) return true;
  return Object.values(value).some(hasSequenceFlag);
}
