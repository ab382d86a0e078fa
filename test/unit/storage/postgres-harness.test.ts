import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase, suitePostgresUrl, withDatabase, type TestDatabase } from '../../support/postgres.js';

/** A TCP socket's state in /proc/net/tcp*: 0A is LISTEN. */
const TCP_LISTEN = '0A';

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

async function tableExists(url: string, table: string): Promise<boolean> {
  const rows = await query<{ found: string | null }>(url, `SELECT to_regclass('public.${table}') AS found`);
  return rows[0]?.found !== null;
}

/** The local addresses (hex, as the kernel writes them) of every socket listening on `port`. */
function listeningAddresses(port: number): string[] {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[1]?.endsWith(`:${portHex}`) && fields[3] === TCP_LISTEN)
      .map((fields) => fields[1]?.split(':')[0] ?? ''),
  );
}

describe('the suite PostgreSQL for tests', () => {
  const made: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((each) => each.drop()));
  });

  it('gives each fresh database to its caller alone: a table made in one is absent from the other', async () => {
    const first = await freshDatabase();
    const second = await freshDatabase();
    made.push(first, second);
    expect(first.name).not.toBe(second.name);

    await query(first.url, 'CREATE TABLE records (id text PRIMARY KEY, body jsonb NOT NULL)');

    expect(await tableExists(first.url, 'records')).toBe(true);
    expect(await tableExists(second.url, 'records')).toBe(false);
  });

  it('drops a database with drop(), even while a session is still open on it', async () => {
    const database = await freshDatabase();
    made.push(database);
    const leftOpen = new pg.Client({ connectionString: database.url });
    leftOpen.on('error', () => undefined); // the drop ends this session: that is the point
    await leftOpen.connect();

    await database.drop();
    await database.drop(); // twice is harmless

    const rows = await query<{ datname: string }>(suitePostgresUrl(), `SELECT datname FROM pg_database WHERE datname = '${database.name}'`);
    expect(rows).toEqual([]);
    await expect(query(database.url, 'SELECT 1')).rejects.toThrow(/does not exist/);
    await leftOpen.end().catch(() => undefined);
  });

  it('listens on loopback TCP only, with no Unix socket', async () => {
    const url = new URL(suitePostgresUrl());
    expect(url.hostname).toBe('127.0.0.1');
    const settings = await query<{ name: string; setting: string }>(
      url.toString(),
      "SELECT name, setting FROM pg_settings WHERE name IN ('listen_addresses', 'unix_socket_directories') ORDER BY name",
    );
    expect(settings).toEqual([
      { name: 'listen_addresses', setting: '127.0.0.1' },
      { name: 'unix_socket_directories', setting: '' },
    ]);
    // 0100007F is 127.0.0.1 as /proc/net/tcp writes it (little-endian hex).
    expect(listeningAddresses(Number(url.port))).toEqual(['0100007F']);
  });

  it('runs with the test settings: room for many connections, no durability', async () => {
    const rows = await query<{ name: string; setting: string }>(
      suitePostgresUrl(),
      "SELECT name, setting FROM pg_settings WHERE name IN ('max_connections', 'fsync', 'synchronous_commit', 'full_page_writes') ORDER BY name",
    );
    expect(Object.fromEntries(rows.map((row) => [row.name, row.setting]))).toEqual({
      fsync: 'off',
      full_page_writes: 'off',
      max_connections: '300',
      synchronous_commit: 'off',
    });
  });

  describe('withDatabase()', () => {
    const database = withDatabase('test');
    let previous = '';

    it('makes a database for the test', async () => {
      previous = database.name;
      expect(await query<{ current: string }>(database.url, 'SELECT current_database() AS current')).toEqual([{ current: database.name }]);
    });

    it('drops it after the test and makes a new one for the next', async () => {
      expect(database.name).not.toBe(previous);
      const rows = await query<{ datname: string }>(suitePostgresUrl(), `SELECT datname FROM pg_database WHERE datname = '${previous}'`);
      expect(rows).toEqual([]);
    });
  });
});
