import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { call, CHALLENGE, createToken, expectOk, expectRefused, freshIp, guarded, publish, type Answer } from '../support/tokens.js';

/** The 429 rows of DESIGN.md's table: an API's limit, a token's own, and repeated failed authentication from one address. */
describe('rate limits at the runtime', () => {
  let server: TestServer;
  let url: (path: string) => string;

  beforeAll(async () => {
    server = await startTestServer();
    url = (path) => `${server.runtimeUrl}/dev${path}`;
  });
  afterAll(async () => {
    await server?.close();
  });

  const limitHeaders = (answer: Answer) => ({
    limit: answer.headers['x-ratelimit-limit'],
    remaining: answer.headers['x-ratelimit-remaining'],
    policy: answer.headers['ratelimit-policy'],
  });
  const reset = (answer: Answer): number => Number(answer.headers['x-ratelimit-reset']);

  it('an API limited to 5 per 60 s: five 200s carrying the limit headers, the sixth 429 with Retry-After', async () => {
    await publish(server, { ...guarded('/limited'), auth: { required: false, keyGroupIds: [], scopes: [] }, rateLimit: { requests: 5, perSeconds: 60 } });
    for (let call_ = 1; call_ <= 5; call_++) {
      const answer = await call(url('/limited'), { from: freshIp() });
      expectOk(answer);
      const remaining = 5 - call_;
      expect(limitHeaders(answer)).toEqual({ limit: '5', remaining: String(remaining), policy: '5;w=60' });
      expect(reset(answer)).toBeGreaterThan(0);
      expect(reset(answer)).toBeLessThanOrEqual(60);
      expect(answer.headers.ratelimit).toBe(`limit=5, remaining=${remaining}, reset=${reset(answer)}`);
      expect(answer.headers['retry-after']).toBeUndefined();
    }
    const sixth = await call(url('/limited'), { from: freshIp() });
    expectRefused(sixth, 429, 'rate_limited');
    expect(sixth.json.error.message).toContain('This API allows 5 requests per 60 s');
    const retryAfter = Number(sixth.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limitHeaders(sixth)).toEqual({ limit: '5', remaining: '0', policy: '5;w=60' });
    expect(sixth.headers.ratelimit).toBe(`limit=5, remaining=0, reset=${reset(sixth)}`);

    // The count is per API: another API is untouched, and unlimited APIs carry no limit headers.
    await publish(server, { ...guarded('/unlimited'), auth: { required: false, keyGroupIds: [], scopes: [] } });
    const other = await call(url('/unlimited'));
    expectOk(other);
    expect(other.headers['x-ratelimit-limit']).toBeUndefined();
    expect(other.headers.ratelimit).toBeUndefined();
  });

  it('a token’s own rate limit: its fourth call of 3 per minute is 429, other tokens go on', async () => {
    const from = freshIp();
    await publish(server, guarded('/token-limited'));
    const limited = await createToken(server, { rateLimit: { requests: 3, perSeconds: 60 } });
    for (let n = 1; n <= 3; n++) {
      const answer = await call(url('/token-limited'), { from, token: limited.token });
      expectOk(answer);
      expect(limitHeaders(answer)).toEqual({ limit: '3', remaining: String(3 - n), policy: '3;w=60' });
    }
    const fourth = await call(url('/token-limited'), { from, token: limited.token });
    expectRefused(fourth, 429, 'rate_limited');
    expect(fourth.json.error.message).toContain('This token allows 3 requests per 60 s');
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    const free = await createToken(server);
    const answer = await call(url('/token-limited'), { from, token: free.token });
    expectOk(answer);
    expect(answer.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('both limits at once: RateLimit-Policy lists both, the one nearer its end is reported', async () => {
    const from = freshIp();
    await publish(server, guarded('/both-limited', { rateLimit: { requests: 10, perSeconds: 60 } }));
    const { token } = await createToken(server, { rateLimit: { requests: 2, perSeconds: 30 } });
    const first = await call(url('/both-limited'), { from, token });
    expectOk(first);
    expect(limitHeaders(first)).toEqual({ limit: '2', remaining: '1', policy: '10;w=60, 2;w=30' });
    expectOk(await call(url('/both-limited'), { from, token }));
    const third = await call(url('/both-limited'), { from, token });
    expectRefused(third, 429, 'rate_limited');
    expect(third.headers['ratelimit-policy']).toBe('10;w=60, 2;w=30');
    expect(Number(third.headers['retry-after'])).toBeLessThanOrEqual(30);
  });

  it('a stale token replayed 21 times from one address: the 21st is 429 too_many_failed_attempts, a valid token from there still 200', async () => {
    const from = freshIp();
    await publish(server, guarded('/lockout'));
    await publish(server, { ...guarded('/lockout-open'), auth: { required: false, keyGroupIds: [], scopes: [] } });
    const { token } = await createToken(server);
    const stale = await createToken(server);
    expect((await server.admin('POST', `/tokens/${stale.id}/revoke`)).status).toBeLessThan(300);
    expectOk(await call(url('/lockout'), { from, token }));

    for (let n = 1; n <= 20; n++) {
      expectRefused(await call(url('/lockout'), { from, token: stale.token }), 401, 'invalid_token', CHALLENGE.invalidToken);
    }
    const locked = await call(url('/lockout'), { from, token: stale.token });
    expectRefused(locked, 429, 'too_many_failed_attempts');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Counted per credential and address: the valid token from the same address, and other tokens, go on.
    expectOk(await call(url('/lockout'), { from, token }));
    expectRefused(await call(url('/lockout'), { from, token: 'another.bad.token' }), 401, 'invalid_token', CHALLENGE.invalidToken);
    expectRefused(await call(url('/lockout'), { from: freshIp(), token: stale.token }), 401, 'invalid_token', CHALLENGE.invalidToken);
    expectOk(await call(url('/lockout-open'), { from }));
  });
});
