import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echo } from '../fixtures/apis.js';
import { withDatabase } from '../support/postgres.js';
import { serve, type Served } from '../support/serve.js';
import { call, publish } from '../support/tokens.js';

/**
 * The request log of two `flowgate serve` replicas on one PostgreSQL workspace: each writes its own
 * rows in batches, and either one's admin API lists every replica's, newest first.
 */
describe('the request log across replicas', () => {
  const database = withDatabase('file');
  const keys = { FLOWGATE_ADMIN_KEY: randomBytes(24).toString('base64url'), FLOWGATE_KEK: randomBytes(32).toString('base64url') };
  let a: Served;
  let b: Served;

  beforeAll(async () => {
    const replica = (): Promise<Served> => serve({ args: ['--database', database.url, '--workers', '1'], env: keys });
    [a, b] = await Promise.all([replica(), replica()]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('lists both replicas’ requests on either one, merged newest first, with the same metrics', async () => {
    const apiId = await publish(a, echo('/logged-twice', '{"ok": true}'));
    // Until B serves it (405: the path is known, HEAD is not its method); those probes are logged as HEADs, left out below.
    await expect.poll(async () => (await call(`${b.runtimeUrl}/dev/logged-twice`, { method: 'HEAD' })).status).not.toBe(404);
    const sent: string[] = [];
    for (let index = 0; index < 12; index++) {
      const answer = await call(`${(index % 2 === 0 ? a : b).runtimeUrl}/dev/logged-twice`);
      expect(answer.status).toBe(200);
      sent.push(String(answer.headers['x-request-id']));
    }
    const newestFirst = [...sent].reverse();
    type Entry = { requestId: string; method: string; time: string };
    const gets = async (replica: Served): Promise<Entry[]> =>
      ((await replica.admin('GET', `/logs?api=${apiId}&limit=100`)).body as Entry[]).filter((entry) => entry.method === 'GET');
    for (const replica of [a, b]) {
      // A read writes its own replica's rows first; the other's arrive with its next batch (every 100 ms).
      await expect.poll(async () => (await gets(replica)).map((entry) => entry.requestId)).toEqual(newestFirst);
      const listed = await replica.admin('GET', `/logs?api=${apiId}&limit=100`);
      const times = (await gets(replica)).map((entry) => Date.parse(entry.time));
      expect([...times].sort((x, y) => y - x)).toEqual(times);
      const metrics = await replica.admin('GET', `/logs/metrics?minutes=5&api=${apiId}`);
      expect(metrics.body.reduce((sum: number, minute: { total: number }) => sum + minute.total, 0)).toBe(listed.body.length);
    }
  });
});
