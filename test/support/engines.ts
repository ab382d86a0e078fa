import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { closeStorage, openStorage, type Storage } from '../../server/storage/storage.js';
import { randomBytes } from 'node:crypto';
import { freshDatabase, type TestDatabase } from './postgres.js';
import { serve, type Served, type ServeOptions } from './serve.js';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server.js';

/** The workspace engines a whole-server test runs on: `describe.each(ENGINES)('… (%s)', (engine) => …)`. */
export const ENGINES = ['sqlite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

const SECRET_BYTES = 24;

/**
 * startTestServer() on the engine: on PostgreSQL a fresh database of its own, dropped by close()
 * (restart() keeps it: the restarted server owns it then). On SQLite exactly startTestServer().
 */
export async function startTestServerOn(engine: Engine, options: TestServerOptions = {}): Promise<TestServer> {
  if (engine === 'sqlite') return startTestServer(options);
  const database = await freshDatabase();
  try {
    return droppingOnClose(await startTestServer({ ...options, databaseUrl: database.url }), database);
  } catch (error) {
    await database.drop();
    throw error;
  }
}

function droppingOnClose(server: TestServer, database: TestDatabase): TestServer {
  return {
    ...server,
    close: async () => {
      try {
        await server.close();
      } finally {
        await database.drop();
      }
    },
    restart: async () => droppingOnClose(await server.restart(), database),
  };
}

/**
 * A real `flowgate serve` on the engine: on PostgreSQL `--database` on a fresh database with the keys
 * it then needs in its environment, dropped by stop().
 */
export async function serveOn(engine: Engine, options: ServeOptions = {}): Promise<Served> {
  if (engine === 'sqlite') return serve(options);
  const database = await freshDatabase();
  const keys = { FLOWGATE_ADMIN_KEY: randomBytes(SECRET_BYTES).toString('base64url'), FLOWGATE_KEK: randomBytes(SECRET_BYTES).toString('base64url') };
  try {
    const served = await serve({ ...options, args: ['--database', database.url, ...(options.args ?? [])], env: { ...keys, ...options.env } });
    return {
      ...served,
      stop: async (signal) => {
        try {
          return await served.stop(signal);
        } finally {
          await database.drop();
        }
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** What to undo after the test, undone last first even when the test failed. */
export type Cleanups = (() => Promise<unknown> | unknown)[];

/** A list of cleanups emptied (and run, last first) after each test of the calling file or block. */
export function cleanupsAfterEach(): Cleanups {
  const cleanups: Cleanups = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return cleanups;
}

export type FreshWorkspace = {
  storage: Storage;
  /** Another connection (pool) to the same workspace, as a second `flowgate serve` replica has. */
  replica: () => Promise<Storage>;
  /** The PostgreSQL database's URL; undefined on SQLite. */
  url: string | undefined;
};

/** An empty, migrated workspace on `engine` (a SQLite file in a temp folder, or a fresh PostgreSQL database), removed by `cleanups`. */
export async function freshWorkspace(engine: Engine, cleanups: Cleanups, options: { poolSize?: number } = {}): Promise<FreshWorkspace> {
  let location: { dbFile: string; databaseUrl?: string };
  if (engine === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-store-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    location = { dbFile: path.join(dir, 'ws.db') };
  } else {
    const database = await freshDatabase();
    cleanups.push(() => database.drop());
    location = { dbFile: '', databaseUrl: database.url };
  }
  const open = async (): Promise<Storage> => {
    const storage = await openStorage(location, { poolSize: options.poolSize ?? 4 });
    cleanups.push(() => closeStorage(storage));
    return storage;
  };
  return { storage: await open(), replica: open, url: location.databaseUrl };
}
