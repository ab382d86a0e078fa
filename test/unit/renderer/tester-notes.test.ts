import { describe, expect, it } from 'vitest';
import { explainWwwAuthenticate, headerLookup, rateLimitSummary, whyNoTrace } from '../../../renderer/tester/answer-notes.js';
import { checkAgainstSchema, hintPath } from '../../../renderer/tester/schema-check.js';
import { stepView, tokenIdOf } from '../../../renderer/tester/trace/input-context.js';
import type { TraceStep } from '../../../shared/model/runtime.js';

describe('answer notes', () => {
  it('reads the rate-limit headers plainly', () => {
    const get = headerLookup([
      ['X-RateLimit-Limit', '5'],
      ['x-ratelimit-remaining', '4'],
      ['x-ratelimit-reset', '52'],
      ['ratelimit-policy', '5;w=60'],
    ]);
    expect(rateLimitSummary(get)).toBe('4 of 5 left, resets in 52 s (limit: 5 requests per 60 s)');
    expect(rateLimitSummary(headerLookup([]))).toBeNull();
  });

  it('explains Bearer challenges', () => {
    expect(explainWwwAuthenticate('Bearer realm="flowgate"')).toMatch(/No token was sent/);
    expect(explainWwwAuthenticate('Bearer realm="flowgate", error="invalid_token", error_description="expired"')).toMatch(/refused \(expired\)/);
    expect(explainWwwAuthenticate('Bearer error="insufficient_scope", scope="users:read users:write"')).toBe('The token is valid but lacks the scopes users:read users:write.');
    expect(whyNoTrace(401, 'unauthorized')).toMatch(/^Stopped before the flow: authentication/);
    expect(whyNoTrace(429, null)).toMatch(/rate limit/);
  });
});

describe('body schema hints', () => {
  const schema = {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: { name: { type: 'string', minLength: 2 }, age: { type: 'integer', minimum: 0 }, tags: { type: 'array', items: { enum: ['a', 'b'] } } },
  };
  it('names each problem by its path', () => {
    const hints = checkAgainstSchema({ age: -1.5, tags: ['a', 'c'], extra: true }, schema).map((hint) => `${hintPath(hint.path)} ${hint.message}`);
    expect(hints).toEqual(['body is missing “name”', 'body.age should be integer, not number', 'body.tags[1] should be one of "a", "b"', 'body.extra is not a property this API accepts']);
    expect(checkAgainstSchema({ name: 'Ada', age: 3 }, schema)).toEqual([]);
  });
});

describe('a traced step’s input', () => {
  const trace: TraceStep[] = [
    { nodeId: 'n1', key: 'request', type: 'request', port: 'out', output: { params: { id: '1' } }, durationMs: 0.1 },
    { nodeId: 'n2', key: 'user', type: 'record.get', port: 'found', output: { id: '1', name: 'Ada' }, durationMs: 0.4 },
    { nodeId: 'n3', key: 'ok', type: 'respond', port: null, output: { kind: 'respond' }, durationMs: 0.2 },
  ];
  it('is the scope before it: the request, token, env and earlier steps', () => {
    const view = stepView(trace, 'n3', { label: 'Live · dev', token: { id: 'tok_1' }, env: { name: 'dev', vars: {} } })!;
    expect(view.position).toBe(3);
    expect(view.input).toEqual({ request: { params: { id: '1' } }, token: { id: 'tok_1' }, env: { name: 'dev', vars: {} }, steps: { request: { params: { id: '1' } }, user: { id: '1', name: 'Ada' } } });
    expect(stepView(trace, 'n1', null)!.input.steps).toEqual({});
    expect(stepView(trace, 'nope', null)).toBeNull();
  });

  it('reads a token id from a JWT without verifying it', () => {
    const payload = btoa(JSON.stringify({ jti: 'tok_abc', aud: 'dev' })).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    expect(tokenIdOf(`eyJhbGciOiJFZERTQSJ9.${payload}.sig`)).toBe('tok_abc');
    expect(tokenIdOf('not a jwt')).toBeNull();
  });
});
