import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, echo, getUser } from '../fixtures/apis.js';
import { startBalancer, type Balancer } from '../support/balancer.js';
import { rawRequest } from '../support/http.js';
import { withDatabase } from '../support/postgres.js';
import { serve, type Served } from '../support/serve.js';
import { call, createToken, guarded, publish } from '../support/tokens.js';

/**
 * Two `flowgate serve` replicas on one PostgreSQL workspace, with a round-robin balancer in front
 * of their runtime listeners: what is done on one is in force on the other.
 */
describe('replicas on one PostgreSQL workspace', () => {
  const database = withDatabase('file');
  const keys = { FLOWGATE_ADMIN_KEY: randomBytes(24).toString('base64url'), FLOWGATE_KEK: randomBytes(32).toString('base64url') };
  let a: Served;
  let b: Served;
  let balancer: Balancer;

  const replica = (): Promise<Served> => serve({ args: ['--database', database.url, '--workers', '1'], env: keys });

  beforeAll(async () => {
    [a, b] = await Promise.all([replica(), replica()]);
    balancer = await startBalancer([a.runtimeUrl, b.runtimeUrl]);
  });
  afterAll(async () => {
    await balancer?.stop();
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('serves on one replica what was published on the other', async () => {
    await publish(a, echo('/replicated', '{"served": true}'));
    await expect.poll(async () => (await call(`${b.runtimeUrl}/dev/replicated`)).json).toEqual({ served: true });
    // The admin API of either replica shows the same workspace.
    const listed = await b.admin('GET', '/apis');
    expect(listed.body.map((api: { path: string }) => api.path)).toContain('/replicated');
  });

  it('refuses a token on the other replica on the first request after it was revoked', async () => {
    await publish(a, guarded('/guarded-replicated'));
    const issued = await createToken(b);
    await expect.poll(async () => (await call(`${a.runtimeUrl}/dev/guarded-replicated`, { token: issued.token })).status).toBe(200);
    expect((await call(`${b.runtimeUrl}/dev/guarded-replicated`, { token: issued.token })).status).toBe(200);
    const revoked = await a.admin('POST', `/tokens/${issued.id}/revoke`);
    expect(revoked.status).toBe(200);
    await expect.poll(async () => (await call(`${b.runtimeUrl}/dev/guarded-replicated`, { token: issued.token })).status).toBe(401);
  });

  it('counts a rate limit once across both replicas', async () => {
    await publish(a, echo('/limited', '{"ok": true}', { rateLimit: { requests: 10, perSeconds: 60 } }));
    await expect.poll(async () => (await call(`${b.runtimeUrl}/dev/limited`, { method: 'HEAD' })).status).not.toBe(404);
    // The poll above may have spent some of the limit on B; count from what the API says is left.
    const first = await call(`${balancer.url}/dev/limited`);
    const remaining = Number(first.headers['x-ratelimit-remaining']);
    const statuses = [];
    for (let index = 0; index < 15; index++) statuses.push((await call(`${balancer.url}/dev/limited`)).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(remaining);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15 - remaining);
  });

  it('loses no acknowledged write when a replica is killed under load, and the balancer keeps failures at 0', async () => {
    // Its own replicas: this test kills one.
    const [c, d] = await Promise.all([replica(), replica()]);
    const front = await startBalancer([c.runtimeUrl, d.runtimeUrl]);
    try {
      await publish(c, createUser({ path: '/people' }));
      await publish(c, getUser({ path: '/people/:id' }));
      await expect.poll(async () => (await call(`${d.runtimeUrl}/dev/people/none`)).status).toBe(404);

      const acknowledged: string[] = [];
      const unexpected: number[] = [];
      let killed = false;
      const writer = async (): Promise<void> => {
        while (!killed || acknowledged.length < 200) {
          const answer = await rawRequest(`${front.url}/dev/people`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'Ada', email: 'ada@example.com' }),
          });
          if (answer.status === 201) acknowledged.push(answer.json.id as string);
          else unexpected.push(answer.status);
          if (acknowledged.length >= 400) return;
        }
      };
      const writers = Promise.all([writer(), writer(), writer(), writer()]);
      await expect.poll(() => acknowledged.length, { timeout: 20_000 }).toBeGreaterThan(50);
      d.process.kill('SIGKILL');
      killed = true;
      await writers;
      await d.stop();

      expect(unexpected).toEqual([]);
      expect(front.failures()).toBe(0);
      // Every write a client was told about is there, read through the replica that survived.
      const missing: string[] = [];
      for (const id of acknowledged) {
        if ((await call(`${c.runtimeUrl}/dev/people/${id}`)).status !== 200) missing.push(id);
      }
      expect(missing).toEqual([]);
    } finally {
      await front.stop();
      await Promise.all([c.stop(), d.stop()]);
    }
  });
});
