import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../shared/compile/expressions.js';
import { schemaProblem } from '../../../shared/compile/schemas.js';
import { compileExpression } from '../../../server/runtime/expressions.js';
import { compileSchema } from '../../../server/runtime/schemas.js';
import { MAX_EMAIL_CHARS, MAX_URI_CHARS } from '../../../server/runtime/schema-formats.js';
import type { FlowScope } from '../../../shared/model/runtime.js';
import { compileOne, onlyProblem } from '../compile/helpers.js';

const scopeWith = (query: Record<string, unknown>): FlowScope => ({
  request: { method: 'GET', path: '/x', params: {}, query, headers: {}, body: null, ip: '127.0.0.1' },
  token: null,
  env: { name: 'dev', vars: {} },
  steps: {},
});

/** Generous for a loaded 2-core machine: a backtracking engine needs minutes to hours for these. */
const LINEAR_MS = 2_000;

describe('JSONata regular expressions', () => {
  it('run on the linear-time engine: the issue\'s $match(s, /(a+)+$/) answers at once', async () => {
    const match = compileExpression('$match(request.query.s, /(a+)+$/)');
    const started = performance.now();
    expect(await match(scopeWith({ s: 'a'.repeat(30) + '!' }))).toBeUndefined();
    expect(await match(scopeWith({ s: 'a'.repeat(50_000) + '!' }))).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(LINEAR_MS);
  });

  it.each([
    ['$match("a-1 b-22", /([a-z])-(\\d+)/)', [{ match: 'a-1', index: 0, groups: ['a', '1'] }, { match: 'b-22', index: 4, groups: ['b', '22'] }]],
    ['$contains("Hello", /hel/i)', true],
    ['$replace("2024-05-17", /(\\d+)-(\\d+)-(\\d+)/, "$3.$2.$1")', '17.05.2024'],
    ['$split("a1b22c", /\\d+/)', ['a', 'b', 'c']],
    ['"abc" ~> /b/ ~> $exists()', true],
    ['$match("x\ny", /^y/m).match', 'y'],
  ])('keep their meaning: %s', async (source, expected) => {
    expect(await compileExpression(source)(scopeWith({}))).toEqual(expected);
  });

  it('refuses a backreference at compile, naming the node and field', () => {
    const result = compileOne('transform', { expression: '$match(request.query.s, /(a)\\1/)' });
    const problem = onlyProblem(result, 'invalid_expression');
    expect(problem).toMatchObject({ nodeId: 'subject', field: 'expression' });
    expect(problem.message).toMatch(/^Node "subject" \(transform\), field "expression": .*backreference \("\\1"\)/);
  });

  it('refuses lookaround in a set node entry, naming the entry', () => {
    const result = compileOne('set', { fields: { price: '$replace(request.query.p, /\\d(?=(\\d{3})+$)/, "$&,")' } });
    const problem = onlyProblem(result, 'invalid_expression');
    expect(problem).toMatchObject({ nodeId: 'subject', field: 'fields.price' });
    expect(problem.message).toContain('lookahead');
  });

  it('is refused by the server compiler too (a plan that skipped the check)', () => {
    expect(() => compileExpression('$contains(x, /(?<=a)b/)', 'body')).toThrow(expect.objectContaining({ code: 'invalid_expression', message: expect.stringMatching(/^body: .*lookbehind/) }));
  });

  it('shows the problem where the editor checks syntax', () => {
    expect(parseExpression('$match(x, /(a)\\1/)')).toMatchObject({ ok: false, message: expect.stringContaining('backreference') });
  });
});

describe('JSON Schema patterns', () => {
  it('run on the linear-time engine: the issue\'s ^([A-Z0-9]+)+$ answers at once', () => {
    const check = compileSchema({ type: 'object', properties: { code: { type: 'string', pattern: '^([A-Z0-9]+)+$' } } });
    const started = performance.now();
    expect(check({ code: 'A'.repeat(34) + '!' })).toEqual([{ path: '/code', message: 'must match pattern "^([A-Z0-9]+)+$"' }]);
    expect(check({ code: 'ABC123' })).toEqual([]);
    expect(performance.now() - started).toBeLessThan(LINEAR_MS);
  });

  it('run patternProperties on it too', () => {
    const check = compileSchema({ type: 'object', patternProperties: { '^(x+)+$': { type: 'number' } } });
    expect(check({ xxx: 'no' })).toHaveLength(1);
    expect(check({ ['x'.repeat(5000) + '!']: 'ignored' })).toEqual([]);
  });

  it('refuses a body schema pattern with lookahead at compile, saying where it is', () => {
    const result = compileOne('transform', { expression: '1' }, ['out'], {
      bodySchema: { type: 'object', properties: { password: { type: 'string', pattern: '^(?=.*\\d).{8,}$' } } },
    });
    const problem = onlyProblem(result, 'invalid_schema');
    expect(problem).toMatchObject({ field: 'bodySchema' });
    expect(problem.message).toMatch(/lookahead .*\(at \/properties\/password\/pattern\)/);
  });

  it('refuses a validate node schema whose patternProperties key has a backreference', () => {
    const result = compileOne('validate', { what: 'request.body', schema: { patternProperties: { '^(a)\\1$': {} } } }, ['valid', 'invalid']);
    const problem = onlyProblem(result, 'invalid_schema');
    expect(problem).toMatchObject({ nodeId: 'subject', field: 'schema' });
    expect(problem.message).toMatch(/backreference .*a key of \/patternProperties/);
  });

  it('reads "pattern" as a keyword only where it is one', () => {
    expect(schemaProblem({ properties: { pattern: { type: 'string' } }, enum: [{ pattern: '(a)\\1' }], default: { pattern: '(?=x)' } })).toBeNull();
  });

  it('is refused by the server compiler too', () => {
    expect(() => compileSchema({ pattern: '(a)\\1' })).toThrow(/backreference/);
  });
});

describe('JSON Schema formats', () => {
  const email = compileSchema({ type: 'string', format: 'email' });
  const uri = compileSchema({ type: 'string', format: 'uri' });

  it('answers the issue\'s 160 KB email at once', () => {
    const started = performance.now();
    expect(email('a@' + 'b'.repeat(160_000) + '!')).toHaveLength(1);
    expect(email('a'.repeat(160_000))).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('bounds an email by RFC 5321\'s 254 characters', () => {
    const at = (length: number) => 'a'.repeat(length - '@example.com'.length) + '@example.com';
    expect(email(at(MAX_EMAIL_CHARS))).toEqual([]);
    expect(email(at(MAX_EMAIL_CHARS + 1))).toHaveLength(1);
  });

  it.each(['ada@example.com', 'first.last+tag@sub.example.co.uk'])('accepts %s', (value) => expect(email(value)).toEqual([]));
  it.each(['ada', 'ada@example', 'ada@@example.com', 'a da@example.com', 'ada@example..com', 'ada@.example.com'])('refuses %s', (value) => expect(email(value)).toHaveLength(1));

  it('bounds a URI by the documented cap', () => {
    const base = 'https://example.com/';
    expect(uri(base + 'a'.repeat(MAX_URI_CHARS - base.length))).toEqual([]);
    expect(uri(base + 'a'.repeat(MAX_URI_CHARS - base.length + 1))).toHaveLength(1);
  });

  it('keeps date, time, date-time and uuid', () => {
    const check = compileSchema({
      type: 'object',
      properties: { d: { format: 'date' }, t: { format: 'time' }, dt: { format: 'date-time' }, id: { format: 'uuid' } },
    });
    expect(check({ d: '2024-05-17', t: '10:20:30Z', dt: '2024-05-17T10:20:30.5+02:00', id: '123e4567-e89b-12d3-a456-426614174000' })).toEqual([]);
    expect(check({ d: '2024-13-01', t: '25:00:00', dt: '2024-05-17T10:20:30.' + '1'.repeat(100) + 'Z', id: 'x' })).toHaveLength(4);
  });
});
