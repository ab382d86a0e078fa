import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { call, createToken, expectOk, expectRefused, guarded, publish, sleep, type Issued } from '../support/tokens.js';

/**
 * The audit trail: request-log rows carry the token id and client address, the log filters by
 * token, and flags a token's first request from an address (`new_ip`) and 401s from an address
 * that gets many of them (`auth_burst`); /logs/flags lists both.
 */
describe('audit: the request log by token, and its flags', () => {
  let server: TestServer;
  let url: string;
  let alpha: Issued;
  let beta: Issued;
  const home = '127.0.9.1';
  const travel = '127.0.9.2';
  const prober = '127.0.9.3';
  const quiet = '127.0.9.4';

  beforeAll(async () => {
    server = await startTestServer();
    await publish(server, guarded('/audit'));
    url = `${server.runtimeUrl}/dev/audit`;
    alpha = await createToken(server, { name: 'alpha' });
    beta = await createToken(server, { name: 'beta' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('rows carry the token id and address; ?token= answers that token’s rows only, newest first, each first sighting flagged new_ip', async () => {
    // Times are kept in milliseconds: a moment apart, so no later request shares its first sighting's millisecond.
    for (const from of [home, home, travel, home]) {
      expectOk(await call(url, { from, token: alpha.token }));
      await sleep(3);
    }
    expectOk(await call(url, { from: home, token: beta.token }));

    const rows = await server.admin('GET', `/logs?token=${alpha.id}`);
    expect(rows.status).toBe(200);
    expect(rows.body.map((row: any) => ({ tokenId: row.tokenId, ip: row.ip, status: row.status, flags: row.flags }))).toEqual([
      { tokenId: alpha.id, ip: home, status: 200, flags: [] },
      { tokenId: alpha.id, ip: travel, status: 200, flags: ['new_ip'] },
      { tokenId: alpha.id, ip: home, status: 200, flags: [] },
      { tokenId: alpha.id, ip: home, status: 200, flags: ['new_ip'] },
    ]);
    const times = rows.body.map((row: any) => Date.parse(row.time));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const betaRows = await server.admin('GET', `/logs?token=${beta.id}`);
    expect(betaRows.body).toHaveLength(1);
    expect(betaRows.body[0]).toMatchObject({ tokenId: beta.id, ip: home, flags: ['new_ip'], path: '/dev/audit', environment: 'dev' });
    expect((await server.admin('GET', '/logs?token=tok_nobody')).body).toEqual([]);
    // Combined with other filters, and paged: a later request from home is no first sighting even with the first off the page.
    expect((await server.admin('GET', `/logs?token=${alpha.id}&status=2xx&limit=3`)).body.map((row: any) => row.flags)).toEqual([[], ['new_ip'], []]);
  });

  it('flags each 401 of an address that got at least 10 within 60 s as auth_burst, judged beyond the page', async () => {
    // 10 from the prober (missing and bad tokens alike), 9 from a quieter address: just under the line.
    for (let n = 0; n < 5; n++) expectRefused(await call(url, { from: prober }), 401, 'unauthorized', 'Bearer realm="flowgate"');
    for (let n = 0; n < 5; n++) expect((await call(url, { from: prober, token: `bad.${n}.x` })).status).toBe(401);
    for (let n = 0; n < 9; n++) expect((await call(url, { from: quiet, token: `bad.${n}.y` })).status).toBe(401);
    expectOk(await call(url, { from: prober, token: alpha.token }));

    const rows = (await server.admin('GET', '/logs?status=401&limit=100')).body as any[];
    const proberRows = rows.filter((row) => row.ip === prober);
    const quietRows = rows.filter((row) => row.ip === quiet);
    expect(proberRows).toHaveLength(10);
    expect(quietRows).toHaveLength(9);
    for (const row of proberRows) expect(row.flags).toEqual(['auth_burst']);
    for (const row of quietRows) expect(row.flags).toEqual([]);

    // A page of two still knows the other 401s around them.
    const page = (await server.admin('GET', '/logs?status=401&limit=12')).body as any[];
    expect(page.map((row) => row.ip)).toEqual([...Array(9).fill(quiet), ...Array(3).fill(prober)]);
    for (const row of page) expect(row.flags).toEqual(row.ip === prober ? ['auth_burst'] : []);

    // Only 401s are flagged: the prober's own successful call is not, but it is its token's first from there.
    const all = (await server.admin('GET', '/logs?limit=1000')).body as any[];
    const success = all.find((row) => row.ip === prober && row.status === 200);
    expect(success).toMatchObject({ tokenId: alpha.id, flags: ['new_ip'] });
    for (const row of all) expect(row.flags).toEqual(expect.any(Array));
  });

  it('lists flagged activity at /logs/flags: tokens seen from new addresses and addresses with 401 bursts', async () => {
    const flags = await server.admin('GET', '/logs/flags');
    expect(flags.status).toBe(200);
    expect(Date.parse(flags.body.since)).toBeLessThan(Date.now() - 23 * 3600_000);
    const sightings = flags.body.newIps.map((row: any) => ({ tokenId: row.tokenId, tokenName: row.tokenName, ip: row.ip, firstForToken: row.firstForToken }));
    expect(sightings).toEqual([
      { tokenId: alpha.id, tokenName: 'alpha', ip: prober, firstForToken: false },
      { tokenId: beta.id, tokenName: 'beta', ip: home, firstForToken: true },
      { tokenId: alpha.id, tokenName: 'alpha', ip: travel, firstForToken: false },
      { tokenId: alpha.id, tokenName: 'alpha', ip: home, firstForToken: true },
    ]);
    for (const row of flags.body.newIps) expect(row).toMatchObject({ environment: 'dev', firstSeen: expect.stringMatching(/Z$/) });

    expect(flags.body.authBursts).toEqual([
      { ip: prober, count: 10, windowSeconds: 60, firstAt: expect.any(String), lastAt: expect.any(String), total: 10 },
    ]);
    const [burst] = flags.body.authBursts;
    expect(Date.parse(burst.lastAt) - Date.parse(burst.firstAt)).toBeLessThanOrEqual(60_000);

    const later = await server.admin('GET', `/logs/flags?since=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(later.body).toMatchObject({ newIps: [], authBursts: [] });
    expect((await server.admin('GET', '/logs/flags?limit=1')).body.newIps).toHaveLength(1);
    expect((await server.admin('GET', '/logs/flags?since=yesterday')).status).toBe(400);
  });
});
