import { afterEach, describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS } from '../../../server/storage/postgres-migrations/index.js';
import { openPostgres, type PgDatabase } from '../../../server/storage/postgres.js';
import { withDatabase } from '../../support/postgres.js';

describe('opening a PostgreSQL workspace', () => {
  const database = withDatabase('test');
  const opened: PgDatabase[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((pg) => pg.close()));
  });
  const open = async (): Promise<PgDatabase> => {
    const pg = await openPostgres(database.url, { poolSize: 2 });
    opened.push(pg);
    return pg;
  };

  it('migrates once when replicas start together', async () => {
    const replicas = await Promise.all([open(), open(), open()]);
    const versions = await replicas[0]!.all<{ version: number }>('SELECT version FROM flowgate_schema');
    expect(versions).toEqual([{ version: POSTGRES_MIGRATIONS.length }]);
    // Every replica sees the same tables.
    const tables = await replicas[2]!.all<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    expect(tables.map((row) => row.tablename)).toEqual(expect.arrayContaining(['apis', 'api_versions', 'deployments', 'environments', 'flowgate_schema']));
  });

  it('refuses a workspace a newer Flowgate wrote', async () => {
    const pg = await open();
    await pg.run('UPDATE flowgate_schema SET version = $1', [POSTGRES_MIGRATIONS.length + 1]);
    await expect(openPostgres(database.url)).rejects.toThrow(/written by a newer Flowgate \(schema \d+, this one knows \d+\)/);
  });

  it('rolls a transaction back when its work throws', async () => {
    const pg = await open();
    await expect(
      pg.transaction(async (client) => {
        await pg.run("INSERT INTO settings (key, value) VALUES ('k', 'v')", [], client);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await pg.one("SELECT value FROM settings WHERE key = 'k'")).toBeUndefined();
  });

  it('says which database it could not reach, without its password', async () => {
    const url = new URL(database.url);
    url.port = '1';
    url.password = 'hunter2';
    const failure = openPostgres(url.toString());
    await expect(failure).rejects.toThrow(/Could not open the PostgreSQL workspace at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\//);
    await expect(failure).rejects.not.toThrow(/hunter2/);
  });
});
