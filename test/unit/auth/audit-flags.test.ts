import { afterEach, describe, expect, it } from 'vitest';
import { BURST_MIN_401S, BURST_WINDOW_MS, SqliteRequestLog, type LogRow } from '../../../server/workspace/request-log.js';
import type { Db } from '../../../server/workspace/db.js';
import { openTestDb } from './setup.js';

/**
 * The request log's auth_burst flag, judged against every 401 around a row rather than the page
 * answered, over a table whose rows are written in completion order (so `time` is only roughly
 * sorted by seq).
 */
describe('request log: auth_burst', () => {
  let db: Db | undefined;
  let log: SqliteRequestLog | undefined;
  afterEach(async () => {
    await log?.close();
    db?.close();
  });

  const START = Date.parse('2030-01-01T00:00:00Z');
  let n = 0;
  const row = (time: number, ip: string, status: number): LogRow => ({
    requestId: `req_${n++}`, time, environment: 'dev', apiId: null, version: null, method: 'GET', path: '/dev/x', status,
    latencyMs: 1, tokenId: null, ip, requestBytes: 0, responseBytes: 0, errorCode: status === 401 ? 'invalid_token' : null,
  });

  /** Two hours of traffic, several bursts and near-bursts, and slow requests written minutes after they began. */
  async function fill(): Promise<LogRow[]> {
    db = openTestDb();
    const opened = new SqliteRequestLog(db);
    log = opened;
    const rows: LogRow[] = [];
    let seed = 7;
    const random = (): number => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647);
    for (let t = START; t < START + 2 * 3600_000; t += 500) {
      rows.push(row(t, `10.0.0.${Math.floor(random() * 50)}`, random() < 0.02 ? 401 : 200));
    }
    const spread = (ip: string, from: number, count: number, spanMs: number): void => {
      for (let i = 0; i < count; i++) rows.push(row(from + Math.round((spanMs * i) / (count - 1)), ip, 401));
    };
    spread('192.0.2.1', START + 1800_000, BURST_MIN_401S, 59_000); // a burst
    spread('192.0.2.2', START + 2400_000, BURST_MIN_401S - 1, 30_000); // one short of it
    spread('192.0.2.3', START + 3000_000, BURST_MIN_401S, BURST_WINDOW_MS + 1); // spread just too thin
    spread('192.0.2.4', START + 3600_000, BURST_MIN_401S, BURST_WINDOW_MS); // exactly at the edge: a burst
    spread('192.0.2.5', START + 7100_000, 25, 20_000); // at the newest end
    // A burst across two APIs, four of its 401s written four minutes late (slow requests).
    const late = new Set<LogRow>();
    for (let i = 0; i < BURST_MIN_401S; i++) {
      const entry = { ...row(START + 5000_000 + i * 5000, '192.0.2.6', 401), apiId: i % 3 === 0 ? 'api_b' : 'api_a' };
      rows.push(entry);
      if (entry.apiId === 'api_b') late.add(entry);
    }
    // Written in order of completion: most at once, some (slow ones) up to five minutes later.
    const written = rows.map((entry) => ({
      entry, at: entry.time + (late.has(entry) ? 240_000 : random() < 0.01 ? random() * 300_000 : random() * 50),
    }));
    written.sort((a, b) => a.at - b.at);
    for (const { entry } of written) opened.record(entry);
    await opened.flush();
    return rows;
  }

  /** Straight from the definition: some window of BURST_WINDOW_MS holding the row holds enough 401s of its address. */
  function bruteForce(rows: LogRow[]): Set<string> {
    const flagged = new Set<string>();
    const byIp = new Map<string, number[]>();
    for (const entry of rows) if (entry.status === 401) (byIp.get(entry.ip) ?? byIp.set(entry.ip, []).get(entry.ip)!).push(entry.time);
    for (const entry of rows) {
      if (entry.status !== 401) continue;
      const times = byIp.get(entry.ip)!;
      const burst = times.some((start) => start <= entry.time && entry.time - start <= BURST_WINDOW_MS
        && times.filter((time) => time >= start && time <= start + BURST_WINDOW_MS).length >= BURST_MIN_401S);
      if (burst) flagged.add(entry.requestId);
    }
    return flagged;
  }

  it('flags exactly the 401s the definition does, on any page', async () => {
    const rows = await fill();
    const expected = bruteForce(rows);
    expect(expected.size).toBeGreaterThanOrEqual(BURST_MIN_401S * 2 + 25);
    for (const ip of ['192.0.2.2', '192.0.2.3']) expect(rows.some((entry) => entry.ip === ip && expected.has(entry.requestId))).toBe(false);

    const all = await log!.query({ status: '401', limit: 1000 });
    expect(all.length).toBe(rows.filter((entry) => entry.status === 401).length);
    expect(new Set(all.filter((entry) => entry.flags.includes('auth_burst')).map((entry) => entry.requestId))).toEqual(expected);

    for (const limit of [1, 3, 17, 100]) {
      for (const entry of await log!.query({ status: '401', limit })) expect(entry.flags.includes('auth_burst'), entry.requestId).toBe(expected.has(entry.requestId));
    }
    // A page of one API's rows still counts the address's late-written 401s on another.
    const apiA = await log!.query({ api: 'api_a', limit: 100 });
    expect(apiA).toHaveLength(6);
    for (const entry of apiA) expect(entry.flags).toEqual(['auth_burst']);
    // A page of mostly 200s, and one filtered by time, agree as well.
    for (const entry of await log!.query({ limit: 500 })) expect(entry.flags.includes('auth_burst')).toBe(expected.has(entry.requestId));
    const since = new Date(START + 3590_000).toISOString();
    for (const entry of await log!.query({ since, status: '4xx', limit: 1000 })) expect(entry.flags.includes('auth_burst')).toBe(expected.has(entry.requestId));
  });

  it('lists the bursting addresses with their busiest window', async () => {
    await fill();
    const { authBursts } = await log!.flags({ limit: 100, since: new Date(START).toISOString() }, START + 3 * 3600_000);
    const byIp = new Map(authBursts.map((burst) => [burst.ip, burst]));
    expect(byIp.get('192.0.2.1')).toMatchObject({ count: 10, total: 10, windowSeconds: 60 });
    expect(byIp.get('192.0.2.4')).toMatchObject({ count: 10, total: 10 });
    expect(byIp.get('192.0.2.5')).toMatchObject({ count: 25, total: 25 });
    expect(byIp.has('192.0.2.2')).toBe(false);
    expect(byIp.has('192.0.2.3')).toBe(false);
    expect(authBursts[0]!.ip).toBe('192.0.2.5');
    for (const burst of authBursts) expect(Date.parse(burst.lastAt) - Date.parse(burst.firstAt)).toBeLessThanOrEqual(BURST_WINDOW_MS);

    const recent = await log!.flags({ limit: 100, since: new Date(START + 7000_000).toISOString() }, START + 3 * 3600_000);
    expect(recent.authBursts.map((burst) => burst.ip)).toEqual(['192.0.2.5']);
  });

  it('answers an empty log without flags', async () => {
    db = openTestDb();
    log = new SqliteRequestLog(db);
    expect(await log.query({ limit: 10 })).toEqual([]);
    expect(await log.flags({ limit: 10 })).toMatchObject({ newIps: [], authBursts: [] });
  });
});
