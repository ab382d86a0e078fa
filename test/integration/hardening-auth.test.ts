import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { call, CHALLENGE, createToken, expectOk, expectRefused, freshIp, guarded, publish } from '../support/tokens.js';

/** How long the guessing loop hammers the admin API; the finding measured 37,820 wrong keys in 10 s. */
const GUESSING_MS = 2000;
const PARALLEL_GUESSERS = 8;
const ADMIN_KEYS_PER_SECOND = 10;

describe('admin key guessing is throttled per address (finding 5)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  const adminCall = (from: string, key: string, path = '/apis') =>
    rawRequest(`${server.adminUrl}/admin/v1${path}`, { headers: { authorization: `Bearer ${key}` }, localAddress: from });

  it(`checks at most ${ADMIN_KEYS_PER_SECOND} wrong keys a second from one address, then 429 with Retry-After, even for the right key`, async () => {
    const from = freshIp(1);
    const counts = { checked: 0, throttled: 0 };
    let retryAfter = '';
    const until = Date.now() + GUESSING_MS;
    await Promise.all(
      Array.from({ length: PARALLEL_GUESSERS }, async (_, guesser) => {
        for (let n = 0; Date.now() < until; n++) {
          const answer = await adminCall(from, `guess-${guesser}-${n}`);
          if (answer.status === 401) counts.checked++;
          else if (answer.status === 429) {
            counts.throttled++;
            retryAfter = String(answer.headers['retry-after']);
            expect(answer.json.error.code).toBe('too_many_failed_attempts');
          } else throw new Error(`unexpected ${answer.status}`);
        }
      }),
    );
    // At most one window's worth per started second (plus the window the loop began in).
    expect(counts.checked).toBeLessThanOrEqual(ADMIN_KEYS_PER_SECOND * (GUESSING_MS / 1000 + 1));
    expect(counts.throttled).toBeGreaterThan(counts.checked);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);

    const blocked = await adminCall(from, server.adminKey);
    if (blocked.status === 429) {
      // While blocked the right key gets no answer either: a guesser cannot tell a hit from a miss.
      expect(blocked.headers['retry-after']).toBeDefined();
      await new Promise((resolve) => setTimeout(resolve, Number(blocked.headers['retry-after']) * 1000));
    }
    expect((await adminCall(from, server.adminKey)).status).toBe(200);
    // Another address is not held up by this one.
    expect((await adminCall(freshIp(1), server.adminKey)).status).toBe(200);
  });

  it('throttles the sign-in endpoints the same way (POST /session, GET /session)', async () => {
    const from = freshIp(1);
    for (let n = 0; n < ADMIN_KEYS_PER_SECOND; n++) {
      const answer = await rawRequest(`${server.adminUrl}/admin/v1/session`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: `wrong-${n}` }), localAddress: from,
      });
      expect(answer.status).toBe(401);
    }
    const throttled = await rawRequest(`${server.adminUrl}/admin/v1/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: 'wrong-again' }), localAddress: from,
    });
    expect(throttled.status).toBe(429);
    expect((await adminCall(from, 'x', '/session')).status).toBe(429);
  });
});

describe('failed-auth throttling per credential (finding 6)', () => {
  let server: TestServer;
  const url = (path: string): string => `${server.runtimeUrl}/dev${path}`;
  beforeAll(async () => {
    server = await startTestServer();
    await publish(server, guarded('/per-credential'));
  });
  afterAll(() => server?.close());

  it('a client replaying its rolled token locks out that token only; the new token from the same address keeps working', async () => {
    const from = freshIp(2);
    const old = await createToken(server);
    const rolled = await server.admin('POST', `/tokens/${old.id}/roll`, { graceSeconds: 0 });
    expect(rolled.status, JSON.stringify(rolled.body)).toBeLessThan(300);
    const fresh = rolled.body.token as string;
    for (let n = 1; n <= 20; n++) expectRefused(await call(url('/per-credential'), { from, token: old.token }), 401, 'invalid_token', CHALLENGE.invalidToken);
    const locked = await call(url('/per-credential'), { from, token: old.token });
    expectRefused(locked, 429, 'too_many_failed_attempts');
    expect(locked.json.error.message).toContain('with this token');
    for (let n = 0; n < 5; n++) expectOk(await call(url('/per-credential'), { from, token: fresh }));
  });

  it('a flood of garbage from one address past the ceiling: tokens already verified there still pass', async () => {
    const from = freshIp(2);
    const valid = await createToken(server);
    expectOk(await call(url('/per-credential'), { from, token: valid.token }));
    let flooded = false;
    for (let n = 0; n < 260 && !flooded; n++) {
      const answer = await call(url('/per-credential'), { from, token: `garbage.${n}.x` });
      flooded = answer.status === 429;
    }
    expect(flooded).toBe(true);
    expectOk(await call(url('/per-credential'), { from, token: valid.token }));
  });
});
