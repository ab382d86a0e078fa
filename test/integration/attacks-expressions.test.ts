import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echo } from '../fixtures/apis.js';
import { getJson } from '../support/http.js';
import { ATTACK_DEADLINE_MS, chain, GRACE_MS, publish, startAttackServer, whilePolling, type AttackServer } from './attacks-server.js';

/**
 * The table of single requests that froze every API (minutes before): each is answered within
 * the deadline plus half a second, while an open API polled every 20 ms keeps answering and the admin
 * API too. The slowest poll is asserted generously: the machine is shared, and this is no benchmark.
 */
const SLOWEST_POLL_MS = 1_000;

describe('attacks on expressions, patterns and formats', () => {
  let server: AttackServer;
  let victim: string;

  beforeAll(async () => {
    server = await startAttackServer();
    await publish(server.admin, echo('/ping', '"pong"'));
    await publish(server.admin, echo('/match', '$match(request.query.s, /(a+)+$/)'));
    await publish(server.admin, echo('/range', '$string([1..10000000])'));
    await publish(server.admin, echo('/loop', '($f := function($n) { $f($n + 1) }; $f(0))'));
    await publish(server.admin, chain('Sums', 'GET', '/sums', Array.from({ length: 20 }, () => ({ type: 'transform', config: { expression: '$sum([1..$number(request.query.n)])' } }))));
    await publish(server.admin, chain('Email', 'POST', '/email', [], { bodySchema: { type: 'object', properties: { email: { type: 'string', format: 'email' } } } }));
    await publish(server.admin, chain('Code', 'POST', '/code', [], { bodySchema: { type: 'object', properties: { code: { type: 'string', pattern: '^([A-Z0-9]+)+$' } } } }));
    victim = `${server.runtimeUrl}/dev/ping`;
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = (path: string, body: unknown) =>
    getJson(`${server.runtimeUrl}/dev${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it.each([
    ['$match(s, /(a+)+$/) with 30 × "a" + "!" (was 78 s)', () => getJson(`${server.runtimeUrl}/dev/match?s=${'a'.repeat(30)}!`), [200, 204]],
    ['a 160 KB body against "format": "email" (was 14.6 s)', () => post('/email', { email: `a@${'b.'.repeat(80_000)} ` }), [400]],
    ['"pattern": "^([A-Z0-9]+)+$" against 34 characters + "!" (was 98.7 s)', () => post('/code', { code: `${'A'.repeat(34)}!` }), [400]],
    ['$string([1..10000000]) (was 5.7 s)', () => getJson(`${server.runtimeUrl}/dev/range`), [500]],
    ['20 transforms of $sum([1..n]), n from the query (was 8.2 s)', () => getJson(`${server.runtimeUrl}/dev/sums?n=100000`), [200]],
    ['an expression that loops forever (was JSONata\'s 1 s timeout, starving everyone)', () => getJson(`${server.runtimeUrl}/dev/loop`), [504]],
  ])('%s: answered in time, others keep being served', async (_, attack, statuses) => {
    const { result, elapsedMs, slowestPollMs, polls, allOk } = await whilePolling(victim, attack);
    expect(statuses).toContain(result.status);
    expect(elapsedMs).toBeLessThan(ATTACK_DEADLINE_MS + GRACE_MS);
    expect(allOk).toBe(true);
    expect(polls).toBeGreaterThan(0);
    expect(slowestPollMs).toBeLessThan(SLOWEST_POLL_MS);
    expect((await server.admin('GET', '/session')).status).toBe(200);
  });

  it('two clients looping on a runaway expression leave the victim served', async () => {
    const looping = async (): Promise<number[]> => {
      const statuses: number[] = [];
      for (let i = 0; i < 2; i++) statuses.push((await getJson(`${server.runtimeUrl}/dev/loop`)).status);
      return statuses;
    };
    const { result, slowestPollMs, polls, allOk } = await whilePolling(victim, () => Promise.all([looping(), looping()]));
    expect(result.flat()).toEqual([504, 504, 504, 504]);
    expect(allOk).toBe(true);
    // About 2 × the deadline of polling: the victim answered throughout, not once the attack was over.
    expect(polls).toBeGreaterThan(10);
    expect(slowestPollMs).toBeLessThan(SLOWEST_POLL_MS);
  });

  it('refuses to publish a pattern the linear-time engine cannot run, naming the field', async () => {
    const created = await server.admin('POST', '/apis', chain('Password', 'POST', '/password', [], { bodySchema: { type: 'object', properties: { password: { type: 'string', pattern: '^(?=.*\\d).{8,}$' } } } }));
    expect(created.status).toBe(201);
    const published = await server.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' });
    expect(published.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(published.body)).toMatch(/lookahead.*\/properties\/password\/pattern/);
  });
});
