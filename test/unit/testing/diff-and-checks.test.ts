import { describe, expect, it } from 'vitest';
import { describePath, jsonDiff, MAX_DIFFS } from '../../../server/testing/diff.js';
import { checkAnswer, expectationProblems } from '../../../server/testing/expectations.js';
import { fillText, fillValues, UnknownSuiteValue } from '../../../server/testing/templates.js';

const answer = (body: unknown, status = 200, headers: Record<string, string> = {}) => ({ status, headers, body, vars: {} });

describe('jsonDiff', () => {
  it('in subset mode ignores extra fields but not missing or changed ones', () => {
    expect(jsonDiff({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 2, d: 3 }, e: 4 }, 'subset')).toEqual([]);
    expect(jsonDiff({ a: 1, b: { c: 2 } }, { b: { c: 3 } }, 'subset')).toEqual([
      { path: '/a', kind: 'missing', expected: 1 },
      { path: '/b/c', kind: 'changed', expected: 2, actual: 3 },
    ]);
  });

  it('in equals mode reports unexpected fields and extra items too', () => {
    expect(jsonDiff({ a: [1, 2] }, { a: [1, 2, 3], z: true }, 'equals')).toEqual([
      { path: '/a/2', kind: 'unexpected', actual: 3 },
      { path: '/z', kind: 'unexpected', actual: true },
    ]);
  });

  it('escapes pointers, compares types strictly and stops at MAX_DIFFS', () => {
    expect(jsonDiff({ 'a/b': '1' }, { 'a/b': 1 }, 'equals')).toEqual([{ path: '/a~1b', kind: 'changed', expected: '1', actual: 1 }]);
    const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, i]));
    expect(jsonDiff(many, {}, 'subset')).toHaveLength(MAX_DIFFS);
    expect(describePath('/items/0/name')).toBe('items[0].name');
    expect(describePath('')).toBe('the body');
  });
});

describe('checkAnswer', () => {
  it('passes when every expectation holds', async () => {
    const failures = await checkAnswer(
      { status: 201, headers: { 'Content-Type': 'application/json' }, body: { id: 'u1' }, assert: ['status = 201', 'body.id = "u1"'], schema: { type: 'object', required: ['id'] }, maxLatencyMs: 50 },
      answer({ id: 'u1', name: 'x' }, 201, { 'content-type': 'application/json' }),
      3,
    );
    expect(failures).toEqual([]);
  });

  it('names each failed check with expected and actual', async () => {
    const failures = await checkAnswer({ status: 200, assert: 'body.n > 5', schema: { type: 'object', required: ['id'] }, maxLatencyMs: 1 }, answer({ n: 2 }, 404), 12.34);
    expect(failures.map((failure) => failure.check)).toEqual(['status', 'assert', 'schema', 'latency']);
    expect(failures[1]!.message).toBe('The assertion body.n > 5 gave false, not true');
    expect(failures[2]!.message).toBe("The body does not match the schema: id: must have required property 'id'");
    expect(failures[3]).toMatchObject({ expected: 1, actual: 12.3 });
  });

  it('fails a server error when no status is expected, and an assertion that gives anything but true', async () => {
    expect((await checkAnswer({}, answer({ error: { code: 'node_failed', message: 'x' } }, 500), 1))[0]!.message).toContain('The API answered 500 (node_failed: x)');
    expect(await checkAnswer({}, answer(null, 404), 1)).toEqual([]);
    expect((await checkAnswer({ assert: 'body' }, answer('yes'), 1))[0]!.message).toBe('The assertion body gave "yes", not true');
  });

  it('says which assertions or schemas cannot be checked at all', () => {
    expect(expectationProblems({ assert: '$nosuchfn(' })).toHaveLength(1);
    expect(expectationProblems({ schema: { type: 'nonsense' } })[0]).toContain('expect.schema is not a JSON Schema');
    expect(expectationProblems({ assert: 'true', schema: { type: 'object' } })).toEqual([]);
  });
});

describe('suite values', () => {
  it('keep their type where a placeholder is the whole value, and become text inside text', () => {
    const vars = { id: 42, user: { name: 'ada' } };
    expect(fillValues({ id: '{{id}}', path: '/users/{{ id }}', who: '{{user}}', list: ['{{id}}'] }, vars)).toEqual({ id: 42, path: '/users/42', who: { name: 'ada' }, list: [42] });
    expect(fillText({ id: '{{id}}', note: 'for {{user}}' }, vars)).toEqual({ id: '42', note: 'for {"name":"ada"}' });
  });

  it('refuse a name no earlier step saved, listing the saved ones', () => {
    expect(() => fillValues('{{nope}}', { id: 1 })).toThrow(UnknownSuiteValue);
    expect(() => fillValues('{{nope}}', { id: 1 })).toThrow('{{nope}} names no value an earlier step saved (saved so far: id)');
  });
});
