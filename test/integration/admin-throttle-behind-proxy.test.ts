import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY_FAILURES } from '../../server/admin/security.js';
import { rawRequest } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { freshIp } from '../support/tokens.js';

/** The balancer in front of the admin API: the only trusted proxy. Any other loopback address (freshIp) is an untrusted peer. */
const BALANCER = '127.0.0.1';

describe('admin sign-in throttle behind a trusted proxy', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ trustedProxies: [`${BALANCER}/32`] });
  });
  afterAll(() => server?.close());

  const signIn = (key: string, forwardedFor: string, from = BALANCER) =>
    rawRequest(`${server.adminUrl}/admin/v1/session`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ key }), localAddress: from,
    });
  const apis = (key: string, forwardedFor: string, from = BALANCER) =>
    rawRequest(`${server.adminUrl}/admin/v1/apis`, { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': forwardedFor }, localAddress: from });
  /** Uses up an address's budget at once (in parallel, inside one window): each wrong key answers 401. */
  const useUpBudget = async (forwardedFor: string, from = BALANCER): Promise<void> => {
    const answers = await Promise.all(Array.from({ length: ADMIN_KEY_FAILURES.attempts }, (_, n) => signIn(`wrong-${n}`, forwardedFor, from)));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 401));
  };

  it('counts wrong keys per forwarded client: one locked out, another and the balancer itself still signed in', async () => {
    await useUpBudget('198.51.100.1');
    const locked = await signIn('wrong-again', '198.51.100.1');
    expect(locked.status).toBe(429);
    expect(locked.json.error.code).toBe('too_many_failed_attempts');
    expect((await apis(server.adminKey, '198.51.100.1')).status).toBe(429);

    // Another client behind the same balancer has its own budget: its wrong key is checked, its right key works.
    expect((await signIn('wrong', '198.51.100.2')).status).toBe(401);
    expect((await apis(server.adminKey, '198.51.100.2')).status).toBe(200);
    expect((await server.admin('GET', '/apis')).status).toBe(200);
  });

  it('reads X-Forwarded-For from the balancer only: an untrusted peer cannot buy a fresh budget by forging it', async () => {
    const peer = freshIp(3);
    await useUpBudget('203.0.113.1', peer);
    expect((await signIn('wrong-again', '203.0.113.2', peer)).status).toBe(429);
    expect((await apis(server.adminKey, '203.0.113.3', peer)).status).toBe(429);
    // The addresses it forged were never counted: through the balancer they are not locked out.
    expect((await apis(server.adminKey, '203.0.113.1')).status).toBe(200);
  });
});
