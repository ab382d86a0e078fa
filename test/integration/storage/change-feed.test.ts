import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change } from '../../../server/storage/changes.js';
import { PostgresChangeFeed } from '../../../server/storage/postgres-changes.js';
import { openPostgres, type PgDatabase } from '../../../server/storage/postgres.js';
import { withDatabase } from '../../support/postgres.js';

describe('the change feed between replicas of a PostgreSQL workspace', () => {
  const database = withDatabase('test');
  const opened: { close(): Promise<unknown> }[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).reverse().map((item) => item.close()));
  });

  type Replica = { feed: PostgresChangeFeed; pg: PgDatabase; seen: Change[]; lines: string[] };

  /** A replica's pool (its writes carry its origin) and its feed, recording every change it applies. */
  async function replica(): Promise<Replica> {
    const writer = await openPostgres(database.url, { poolSize: 2 });
    opened.push(writer);
    const lines: string[] = [];
    const feed = await PostgresChangeFeed.open(database.url, writer.pool, { logLine: (line) => lines.push(line) });
    opened.unshift(feed);
    const seen: Change[] = [];
    feed.subscribe((change) => {
      seen.push(change);
    });
    return { feed, pg: writer, seen, lines };
  }

  /** A write and its announce, as a service makes them: the trigger tells the other replicas at commit. */
  async function createEnvironment(on: Replica, name: string): Promise<void> {
    const now = new Date().toISOString();
    await on.pg.run('INSERT INTO environments (name, created_at, updated_at) VALUES ($1, $2, $2)', [name, now]);
    await on.feed.announce({ kind: 'environment', name });
  }

  it('applies a change on the replica that made it at once, and on the other as it arrives', async () => {
    const a = await replica();
    const b = await replica();
    await createEnvironment(a, 'staging');
    expect(a.seen).toEqual([{ kind: 'environment', name: 'staging' }]);
    await expect.poll(() => b.seen).toEqual([{ kind: 'environment', name: 'staging' }]);
    // The writer does not apply its own change a second time when its notification comes back.
    await createEnvironment(b, 'qa');
    await expect.poll(() => a.seen).toEqual([{ kind: 'environment', name: 'staging' }, { kind: 'environment', name: 'qa' }]);
    expect(b.seen).toEqual([{ kind: 'environment', name: 'staging' }, { kind: 'environment', name: 'qa' }]);
  });

  it('keeps the order changes were made in', async () => {
    const a = await replica();
    const b = await replica();
    for (let index = 0; index < 20; index++) await createEnvironment(a, `env${index}`);
    await expect.poll(() => b.seen.length).toBe(20);
    expect(b.seen.map((change) => (change as { name: string }).name)).toEqual(Array.from({ length: 20 }, (_, index) => `env${index}`));
  });

  it('refuses a pool whose connections carry no replica id: it could not skip its own changes', async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    opened.push({ close: () => pool.end() });
    await expect(PostgresChangeFeed.open(database.url, pool)).rejects.toThrow(/set flowgate\.replica on each connection/);
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
    await createEnvironment(a, 'after-reconnect');
    await expect.poll(() => b.seen).toContainEqual({ kind: 'environment', name: 'after-reconnect' });
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
