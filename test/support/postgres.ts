import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';

/** Every test database's name starts so: easy to tell apart from the cluster's own (postgres, template0/1). */
const DATABASE_PREFIX = 'flowgate_test_';

export type TestDatabase = {
  name: string;
  /** postgres://…@127.0.0.1:PORT/<name>, for the code under test. */
  url: string;
  /** Ends every session on it and drops it; safe to call twice. */
  drop(): Promise<void>;
};

/** The suite PostgreSQL's admin URL (started by the global setup), or an error that says why there is none. */
export function suitePostgresUrl(): string {
  const url = inject('postgresUrl');
  if (!url) {
    const reason = inject('postgresError') || 'the vitest global setup (test/setup/global.ts) did not provide one';
    throw new Error(`No PostgreSQL for the tests: ${reason}`);
  }
  return url;
}

/** A new, empty database on the suite's PostgreSQL, private to the caller; drop() it when done (or use withDatabase()). */
export async function freshDatabase(): Promise<TestDatabase> {
  const adminUrl = suitePostgresUrl();
  const name = `${DATABASE_PREFIX}${randomBytes(8).toString('hex')}`;
  await asAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: url.toString(),
    drop: () => (dropped ??= dropDatabase(adminUrl, name)),
  };
}

export type DatabaseScope = 'file' | 'test';

/**
 * A fresh database per describe block (`'file'`, the default: made in beforeAll, dropped in afterAll) or per test
 * (`'test'`: beforeEach/afterEach); dropped even when a test fails. Read `.url` inside tests and hooks.
 */
export function withDatabase(scope: DatabaseScope = 'file'): { readonly url: string; readonly name: string } {
  let current: TestDatabase | undefined;
  const create = async (): Promise<void> => {
    current = await freshDatabase();
  };
  const drop = async (): Promise<void> => {
    const database = current;
    current = undefined;
    await database?.drop();
  };
  if (scope === 'test') {
    beforeEach(create);
    afterEach(drop);
  } else {
    beforeAll(create);
    afterAll(drop);
  }
  const made = (): TestDatabase => {
    if (!current) throw new Error(`withDatabase('${scope}'): the database exists only inside tests and hooks that run after its ${scope === 'test' ? 'beforeEach' : 'beforeAll'}`);
    return current;
  };
  return {
    get url() {
      return made().url;
    },
    get name() {
      return made().name;
    },
  };
}

/** WITH (FORCE) ends the sessions still on it (pools the test left open) before dropping it: PostgreSQL ≥ 13. */
function dropDatabase(adminUrl: string, name: string): Promise<void> {
  return asAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`)).then(() => undefined);
}

async function asAdmin<T>(adminUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
