import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import type { FlowScope } from '../../../shared/model/runtime.js';
import { compileFast, FALLBACK } from '../../../server/runtime/fast-expressions.js';

const scopeOf = (body: unknown): FlowScope => ({
  request: { method: 'GET', path: '/', params: { id: '42' }, query: {}, headers: {}, body, ip: '127.0.0.1' },
  token: null,
  env: { name: 'dev', vars: {} },
  steps: {},
});

/** JSONata's answer, or the error code it raises. */
async function viaJsonata(source: string, scope: FlowScope): Promise<{ value: unknown } | { error: string }> {
  try {
    return { value: await jsonata(source).evaluate(scope) };
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) };
  }
}

const VALUES: unknown[] = [
  undefined, null, true, false, 0, -0, 42, -7, 1.5, 0.1 + 0.2, 1e21, 123456789012345680000, 'abc', 'ÀÉÎ straße', '', 'héllo😀', ' 5', '5', '-1.5e3', '0x1F', '1.', 'NaN',
  { a: 1, b: [1, 2.000000000000001], c: 'x' }, [1, 'two'], ['single'],
];

const EXPRESSIONS = [
  '$string(request.body)', '$number(request.body)', '$lowercase(request.body)', '$uppercase(request.body)', '$length(request.body)',
  '$exists(request.body)', '$substring(request.body, 1)', '$substring(request.body, -3)', '$substring(request.body, 1, 2)',
  '$substring(request.body, -2, 5)', '$substring(request.body, 0, 0)', '$substring(request.body, 1.7, 2.2)',
  '{"id": request.params.id, "text": $uppercase($string(request.body))}', '$length($string(request.body)) > 2',
  '$string(request.body) & "!"', '$exists(request.body.a)', '$number(request.params.id) + 0',
];

describe('the compiled JSONata subset: common functions', () => {
  for (const source of EXPRESSIONS) {
    it(`${source} answers what JSONata answers, or leaves it to JSONata`, async () => {
      const fast = compileFast(jsonata(source).ast() as Parameters<typeof compileFast>[0]);
      for (const body of VALUES) {
        const scope = scopeOf(body);
        const expected = await viaJsonata(source, scope);
        if (!fast) continue; // not compiled: JSONata answers, nothing to compare
        const value = fast(scope);
        if (value === FALLBACK) continue;
        expect({ body, answer: { value } }, source).toEqual({ body, answer: expected });
      }
    });
  }

  it('compiles the functions builders use most, so they never reach JSONata', () => {
    for (const source of ['$string(a)', '$number(a)', '$lowercase(a)', '$uppercase(a)', '$length(a)', '$exists(a)', '$substring(a, 1)', '$substring(a, 1, 2)', '$now()']) {
      expect(compileFast(jsonata(source).ast() as Parameters<typeof compileFast>[0]), source).not.toBeNull();
    }
  });

  it('leaves to JSONata what it would need to loop over: ranges, other functions, lambdas, wrong arities', () => {
    for (const source of ['$string([1..10])', '$sum(a)', '$map(a, function($v) { $v })', '$string()', '$now("[Y]")', '$lowercase(a, b)', '$substring(a)']) {
      expect(compileFast(jsonata(source).ast() as Parameters<typeof compileFast>[0]), source).toBeNull();
    }
  });

  it('gives one $now() per evaluation, in JSONata\'s format', () => {
    const fast = compileFast(jsonata('{"a": $now(), "b": $now()}').ast() as Parameters<typeof compileFast>[0])!;
    const answer = fast(scopeOf(null)) as { a: string; b: string };
    expect(answer.a).toBe(answer.b);
    expect(new Date(answer.a).toISOString()).toBe(answer.a);
  });
});
