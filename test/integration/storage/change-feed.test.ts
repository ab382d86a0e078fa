import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change } from '../../../server/storage/changes.js';
import { PostgresChangeFeed } from '../../../server/storage/postgres-changes.js';
import { withDatabase } from '../../support/postgres.js';

describe('the change feed between replicas of a PostgreSQL workspace', () => {
  const database = withDatabase('test');
  const opened: { close(): Promise<unknown> }[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).reverse().map((item) => item.close()));
  });

  async function replica(): Promise<{ feed: PostgresChangeFeed; seen: Change[]; lines: string[] }> {
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    opened.push({ close: () => pool.end() });
    const lines: string[] = [];
    const feed = await PostgresChangeFeed.open(database.url, pool, { logLine: (line) => lines.push(line) });
    opened.unshift(feed);
    const seen: Change[] = [];
    feed.subscribe((change) => {
      seen.push(change);
    });
    return { feed, seen, lines };
  }

  it('applies a change on the replica that made it at once, and on the other as it arrives', async () => {
    const a = await replica();
    const b = await replica();
    await a.feed.announce({ kind: 'api', apiId: 'api_1' });
    expect(a.seen).toEqual([{ kind: 'api', apiId: 'api_1' }]);
    await expect.poll(() => b.seen).toEqual([{ kind: 'api', apiId: 'api_1' }]);
    // The writer does not apply its own change a second time when its notification comes back.
    await b.feed.announce({ kind: 'access' });
    await expect.poll(() => a.seen).toEqual([{ kind: 'api', apiId: 'api_1' }, { kind: 'access' }]);
    expect(b.seen).toEqual([{ kind: 'api', apiId: 'api_1' }, { kind: 'access' }]);
  });

  it('keeps the order changes were made in', async () => {
    const a = await replica();
    const b = await replica();
    for (let index = 0; index < 20; index++) await a.feed.announce({ kind: 'environment', name: `env${index}` });
    await expect.poll(() => b.seen.length).toBe(20);
    expect(b.seen.map((change) => (change as { name: string }).name)).toEqual(Array.from({ length: 20 }, (_, index) => `env${index}`));
  });

  it('reloads the whole workspace after losing its connection, since notifications sent meanwhile are gone', async () => {
    const a = await replica();
    const b = await replica();
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    opened.push({ close: () => admin.end() });
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'flowgate-changes' AND datname = current_database()`);
    await expect.poll(() => b.seen, { timeout: 10_000 }).toContainEqual({ kind: 'workspace' });
    expect(b.lines.some((line) => line.includes('lost the change feed'))).toBe(true);
    // …and hears the next change again.
    await expect.poll(() => a.seen, { timeout: 10_000 }).toContainEqual({ kind: 'workspace' });
    await a.feed.announce({ kind: 'signing-keys' });
    await expect.poll(() => b.seen).toContainEqual({ kind: 'signing-keys' });
  });

  it('ignores notifications on its channel that are not changes', async () => {
    const b = await replica();
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    opened.push({ close: () => admin.end() });
    await admin.query(`NOTIFY flowgate_changes, 'not json'`);
    await admin.query(`NOTIFY flowgate_changes, '{"origin":"x","change":{"kind":"access"}}'`);
    await expect.poll(() => b.seen).toEqual([{ kind: 'access' }]);
  });
});
