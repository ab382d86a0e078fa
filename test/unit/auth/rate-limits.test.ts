import { describe, expect, it } from 'vitest';
import type { AuthConfig, RateLimit } from '../../../shared/model/api.js';
import { TokenCreate } from '../../../shared/model/token.js';
import type { GuardedRoute } from '../../../server/auth/guard.js';
import { RateLimits } from '../../../server/auth/rate-limits.js';
import { openWorkspace, REQUIRED } from './setup.js';

const route = (rateLimit: RateLimit | null, auth: AuthConfig = REQUIRED, environment = 'dev', apiId = 'api_1'): GuardedRoute => ({
  environment,
  apiId,
  definition: { auth, rateLimit },
});
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('rate limits', () => {
  it('nothing limited: answered synchronously, no headers', () => {
    const limits = new RateLimits();
    expect(limits.consume({ environment: 'dev', apiId: 'a', apiLimit: null, tokenId: 't', tokenLimit: null })).toEqual({ ok: true, headers: null });
  });

  it("the API's limit: counting headers, then 429 with Retry-After on the sixth call", async () => {
    const { auth } = await openWorkspace();
    const { token } = await auth.tokens.create(TokenCreate.parse({ name: 't', environment: 'dev' }));
    const limited = route({ requests: 5, perSeconds: 60 });
    for (let call = 1; call <= 5; call++) {
      const result = await auth.guard(limited, bearer(token), '127.0.0.1');
      expect(result).toMatchObject({ ok: true });
      expect(result.headers).toEqual({
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': String(5 - call),
        'x-ratelimit-reset': '60',
        'ratelimit-policy': '5;w=60',
        ratelimit: `limit=5, remaining=${5 - call}, reset=60`,
      });
    }
    const sixth = await auth.guard(limited, bearer(token), '127.0.0.1');
    expect(sixth).toMatchObject({ ok: false, status: 429, code: 'rate_limited', message: expect.stringContaining('5 requests per 60 s') });
    expect(sixth.headers).toMatchObject({ 'retry-after': '60', 'x-ratelimit-remaining': '0', ratelimit: 'limit=5, remaining=0, reset=60' });

    // Counted per environment and per API.
    expect(await auth.guard(route({ requests: 5, perSeconds: 60 }, REQUIRED, 'dev', 'api_2'), bearer(token), '127.0.0.1')).toMatchObject({ ok: true });
    const { token: prodToken } = await auth.tokens.create(TokenCreate.parse({ name: 't', environment: 'prod' }));
    expect(await auth.guard(route({ requests: 5, perSeconds: 60 }, REQUIRED, 'prod'), bearer(prodToken), '127.0.0.1')).toMatchObject({ ok: true });
  });

  it("a token's own limit, with headers for whichever is closer to running out", async () => {
    const { auth } = await openWorkspace();
    const { token } = await auth.tokens.create(TokenCreate.parse({ name: 't', environment: 'dev', rateLimit: { requests: 2, perSeconds: 10 } }));
    const limited = route({ requests: 100, perSeconds: 60 });
    const first = await auth.guard(limited, bearer(token), '127.0.0.1');
    expect(first.headers).toMatchObject({ 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1', 'ratelimit-policy': '100;w=60, 2;w=10', ratelimit: 'limit=2, remaining=1, reset=10' });
    await auth.guard(limited, bearer(token), '127.0.0.1');
    const third = await auth.guard(limited, bearer(token), '127.0.0.1');
    expect(third).toMatchObject({ ok: false, status: 429, message: expect.stringMatching(/^This token allows 2 requests per 10 s/) });
    expect(third.headers).toMatchObject({ 'retry-after': '10', 'x-ratelimit-limit': '2' });
    // Without an API limit, the token's still applies.
    expect(await auth.guard(route(null), bearer(token), '127.0.0.1')).toMatchObject({ status: 429 });
  });

  it('failed authentication: 20 a minute per credential and address, then 429 for that credential only', async () => {
    const { auth } = await openWorkspace();
    const { token } = await auth.tokens.create(TokenCreate.parse({ name: 't', environment: 'dev' }));
    const open = route(null);
    for (let attempt = 1; attempt <= 20; attempt++) {
      const failed = await auth.guard(open, bearer('stale.replayed.token'), '198.51.100.7');
      expect(failed).toMatchObject({ ok: false, status: 401, code: 'invalid_token', headers: { 'www-authenticate': 'Bearer realm="flowgate", error="invalid_token"' } });
    }
    const locked = await auth.guard(open, bearer('stale.replayed.token'), '198.51.100.7');
    expect(locked).toMatchObject({ ok: false, status: 429, code: 'too_many_failed_attempts', message: expect.stringMatching(/^Too many failed attempts with this token/) });
    expect(Number(locked.headers?.['retry-after'])).toBeGreaterThan(0);
    // A valid token from the same address is not held up by a stale client there, nor is another token.
    expect(await auth.guard(open, bearer(token), '198.51.100.7')).toMatchObject({ ok: true });
    expect(await auth.guard(open, bearer('another.bad.token'), '198.51.100.7')).toMatchObject({ status: 401, code: 'invalid_token' });
    // The same stale token from elsewhere has its own count.
    expect(await auth.guard(open, bearer('stale.replayed.token'), '198.51.100.8')).toMatchObject({ status: 401 });
  });

  it('requests without a token count as one credential of their own', async () => {
    const { auth } = await openWorkspace();
    const { token } = await auth.tokens.create(TokenCreate.parse({ name: 't', environment: 'dev' }));
    const open = route(null);
    for (let attempt = 0; attempt < 20; attempt++) {
      expect(await auth.guard(open, { headers: {} }, '198.51.100.9')).toMatchObject({ status: 401, code: 'unauthorized', headers: { 'www-authenticate': 'Bearer realm="flowgate"' } });
    }
    expect(await auth.guard(open, { headers: {} }, '198.51.100.9')).toMatchObject({ status: 429, message: expect.stringMatching(/^Too many requests without a token/) });
    expect(await auth.guard(open, bearer(token), '198.51.100.9')).toMatchObject({ ok: true });
  });

  it('a flood of garbage tokens from one address: past the ceiling only already verified tokens pass there', async () => {
    const { auth } = await openWorkspace({ addressCeiling: { attempts: 50, perSeconds: 60 } });
    const { token: known } = await auth.tokens.create(TokenCreate.parse({ name: 'known', environment: 'dev' }));
    const { token: fresh } = await auth.tokens.create(TokenCreate.parse({ name: 'fresh', environment: 'dev' }));
    const open = route(null);
    expect(await auth.guard(open, bearer(known), '203.0.113.5')).toMatchObject({ ok: true });
    // The 51st failure goes over the ceiling; from then on the address's unknown tokens are not verified.
    for (let attempt = 1; attempt <= 51; attempt++) {
      expect(await auth.guard(open, bearer(`garbage.${attempt}`), '203.0.113.5')).toMatchObject({ status: 401 });
    }
    const flooded = await auth.guard(open, bearer('garbage.52'), '203.0.113.5');
    expect(flooded).toMatchObject({ status: 429, code: 'too_many_failed_attempts', message: expect.stringMatching(/from this address/) });
    expect(Number(flooded.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(await auth.guard(open, bearer(known), '203.0.113.5')).toMatchObject({ ok: true });
    expect(await auth.guard(open, bearer(fresh), '203.0.113.5')).toMatchObject({ status: 429 });
    expect(await auth.guard(open, bearer(fresh), '203.0.113.6')).toMatchObject({ ok: true });
  });

  it('a cached token on an unlimited API is admitted synchronously', async () => {
    const { auth } = await openWorkspace();
    const { token } = await auth.tokens.create(TokenCreate.parse({ name: 't', environment: 'dev' }));
    await auth.guard(route(null), bearer(token), '127.0.0.1');
    const again = auth.guard(route(null), bearer(token), '127.0.0.1');
    expect(again).not.toBeInstanceOf(Promise);
    expect(again).toMatchObject({ ok: true, headers: null, token: { environment: 'dev' } });
  });
});
