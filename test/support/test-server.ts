import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { buildServer, listen, type BuiltServer } from '../../server/app.js';
import type { ServerConfig } from '../../server/config.js';
import { DEFAULT_DEADLINE_MS } from '../../server/runtime/deadlines.js';
import { adminClient, type AdminCall } from './admin.js';
import { makeTempDir, removeTempDir } from './temp.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECRET_BYTES = 24;

/**
 * The server in this test's own process: buildServer + listen on free loopback ports, with a
 * workspace in a temp folder that close() deletes. For everything but signals, exit codes and
 * printed output (those need `serve()`, a real `flowgate serve`).
 */
export type TestServer = {
  adminUrl: string;
  runtimeUrl: string;
  publicUrl: string;
  adminKey: string;
  /** The key-encryption key the signing keys are sealed with. */
  kek: string;
  /** The SQLite workspace; unused when the server runs on PostgreSQL (`databaseUrl`). */
  dbFile: string;
  dir: string;
  /** A fresh one-time login URL for the editor. */
  loginUrl: () => string;
  /** Calls the admin API with the admin key. */
  admin: AdminCall;
  /** The assembled server: its handlers and services. */
  built: BuiltServer;
  /** What log nodes wrote. */
  logLines: string[];
  /** Closes as `flowgate serve` does on SIGTERM (drain, flush, close the workspace), then deletes the temp folder it made. */
  close: () => Promise<void>;
  /** Closes and starts again on the same workspace, keys and ports chosen anew; the new server owns the temp folder. */
  restart: () => Promise<TestServer>;
};

export type TestServerOptions = Partial<Pick<ServerConfig, 'deadlineMs' | 'trustedProxies' | 'publicUrl' | 'runtimePort' | 'portFallback' | 'host' | 'databaseUrl'>> & {
  /** The caller's folder, left in place; by default a temp folder of the server's own. */
  dir?: string;
};

const open = new Set<TestServer>();

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = options.dir ?? makeTempDir();
  const secrets = { adminKey: randomBytes(SECRET_BYTES).toString('base64url'), kek: randomBytes(SECRET_BYTES).toString('base64url') };
  try {
    return await start(dir, options.dir === undefined, secrets, options);
  } catch (error) {
    if (options.dir === undefined) removeTempDir(dir);
    throw error;
  }
}

async function start(dir: string, ownsDir: boolean, secrets: { adminKey: string; kek: string }, options: TestServerOptions): Promise<TestServer> {
  const logLines: string[] = [];
  const { dir: _folder, ...settings } = options;
  const config = testServerConfig(dir, { ...settings, ...secrets, logLine: (line) => logLines.push(line) });
  const built = await buildServer(config);
  let listening;
  try {
    listening = await listen(built, config);
  } catch (error) {
    await built.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const close = (removeDir: boolean): Promise<void> =>
    (closing ??= (async () => {
      open.delete(server);
      await built.close();
      if (removeDir) removeTempDir(dir);
    })());
  const server: TestServer = {
    adminUrl: listening.adminUrl,
    runtimeUrl: listening.runtimeUrl,
    publicUrl: listening.publicUrl,
    ...secrets,
    dbFile: config.dbFile,
    dir,
    loginUrl: listening.loginUrl,
    admin: adminClient(listening.adminUrl, secrets.adminKey),
    built,
    logLines,
    close: () => close(ownsDir),
    restart: async () => {
      await close(false);
      try {
        return await start(dir, ownsDir, secrets, options);
      } catch (error) {
        if (ownsDir) removeTempDir(dir);
        throw error;
      }
    },
  };
  open.add(server);
  return server;
}

/** A config as the fixture uses it: free loopback ports, fresh random secrets unless given, the built editor. */
export function testServerConfig(dir: string, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    dbFile: path.join(dir, 'workspace.db'),
    adminKey: randomBytes(SECRET_BYTES).toString('base64url'),
    kek: randomBytes(SECRET_BYTES).toString('base64url'),
    adminPort: 0,
    runtimePort: 0,
    host: '127.0.0.1',
    portFallback: false,
    publicUrl: undefined,
    deadlineMs: DEFAULT_DEADLINE_MS,
    trustedProxies: [],
    rendererDir: path.join(ROOT, 'dist', 'renderer'),
    ...overrides,
  };
}

/** Closes every test server still open (an afterAll: registered below for each test file that imports this). */
export async function closeAllTestServers(): Promise<void> {
  await Promise.all([...open].map((server) => server.close()));
}

afterAll(closeAllTestServers);
