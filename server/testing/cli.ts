import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestRunReport } from '../../shared/api/tests.js';
import { buildServer, type BuiltServer } from '../app.js';
import { ConfigError, DEFAULT_DB_FILE, DEFAULT_HOST, type ServerConfig } from '../config.js';
import { HttpError } from '../http/errors.js';
import { Deadlines, DEFAULT_DEADLINE_MS } from '../runtime/deadlines.js';
import { poolExecutor } from '../workers/pool.js';
import { apiTestStoreFor } from '../workspace/api-tests.js';
import { recordStoreFor } from '../workspace/record-storage.js';
import { readTestCommand, TEST_USAGE, type Reporter, type TestCommand } from './cli-options.js';
import { junitReport } from './reporters/junit.js';
import { textReport } from './reporters/text.js';
import { ApiTestService } from './test-service.js';

const SECRET_BYTES = 24;
/** Flow workers for a test run: tests run eight at a time, mostly waiting on the store, so two keep up. */
const TEST_WORKERS = 2;

export type CommandIo = { stdout: (text: string) => void; stderr: (text: string) => void; env: Record<string, string | undefined> };

const defaultIo: CommandIo = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text), env: process.env };

/**
 * `flowgate test`: opens the workspace (or imports an export into a temporary one), runs the tests
 * in flow workers without listening anywhere, writes the report, and answers the exit code: 0 all
 * passed, 1 something failed. Usage errors throw ConfigError (exit code 2).
 */
export async function runTestCommand(args: readonly string[], io: CommandIo = defaultIo): Promise<number> {
  const command = readTestCommand(args);
  if (command.kind === 'help') {
    io.stdout(`${TEST_USAGE}\n`);
    return 0;
  }
  const workspace = await openWorkspace(command, io);
  const deadlines = new Deadlines(deadlineMsOf(io.env));
  try {
    const { storage, apis, environments, auth, flowPool } = workspace.built.services;
    const tests = new ApiTestService({ storage, tests: apiTestStoreFor(storage), apis, environments, auth, deadlines, execute: poolExecutor(flowPool), liveRecords: recordStoreFor(storage) });
    const report = await tests.run({ apiIds: command.apis.length > 0 ? apiIdsOf(command.apis, await apis.list()) : undefined, version: command.version, environment: command.environment });
    const rendered = render(report, command.reporter);
    if (command.output === undefined) io.stdout(rendered);
    else {
      writeFileSync(command.output, rendered);
      io.stdout(`${report.passed} passed, ${report.failed} failed, ${report.total} in all; the ${command.reporter} report is in ${command.output}\n`);
    }
    return report.failed > 0 ? 1 : 0;
  } finally {
    deadlines.close();
    await workspace.close();
  }
}

function render(report: TestRunReport, reporter: Reporter): string {
  if (reporter === 'junit') return junitReport(report);
  if (reporter === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return textReport(report);
}

/** API names (any case) or ids → ids; a name the workspace lacks is a usage error that lists the ones it has. */
function apiIdsOf(wanted: readonly string[], apis: readonly { id: string; name: string }[]): string[] {
  return wanted.map((name) => {
    const found = apis.find((api) => api.id === name || api.name.toLowerCase() === name.toLowerCase());
    if (!found) throw new ConfigError('invalid_flag', `flowgate test: no API is named "${name}" (the workspace has ${apis.map((api) => `"${api.name}"`).join(', ') || 'none'})`);
    return found.id;
  });
}

type OpenWorkspace = { built: BuiltServer; close: () => Promise<void> };

async function openWorkspace(command: Extract<TestCommand, { kind: 'run' }>, io: CommandIo): Promise<OpenWorkspace> {
  const logLine = (line: string): void => io.stderr(`${line}\n`);
  if (command.source.kind === 'db') {
    const built = await buildServer(configFor(command.source.file, kekOf(command.source.file, io.env), io.env, logLine));
    return { built, close: () => built.close() };
  }
  if (command.source.kind === 'database') {
    // Replicas share no files: the key-encryption key of a PostgreSQL workspace is always in FLOWGATE_KEK.
    const kek = io.env.FLOWGATE_KEK;
    if (!kek) throw new ConfigError('invalid_flag', "flowgate test: a PostgreSQL workspace's key-encryption key is needed to sign the tests' tokens: set FLOWGATE_KEK as its replicas have it");
    const built = await buildServer({ ...configFor(path.resolve(DEFAULT_DB_FILE), kek, io.env, logLine), databaseUrl: command.source.url });
    return { built, close: () => built.close() };
  }
  // An export becomes a workspace of its own in a temporary folder, gone when the run is.
  const file = readExport(command.source.file);
  const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-test-run-'));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  let built: BuiltServer | undefined;
  try {
    built = await buildServer(configFor(path.join(dir, 'workspace.db'), randomBytes(SECRET_BYTES).toString('base64url'), io.env, logLine));
    await built.services.workspaceIo.import({ file, onConflict: 'replace' });
  } catch (error) {
    await built?.close();
    removeDir();
    if (error instanceof HttpError) throw new ConfigError('invalid_flag', `flowgate test: ${command.source.file} cannot be imported: ${error.message}`);
    throw error;
  }
  const opened = built;
  return { built: opened, close: async () => { await opened.close(); removeDir(); } };
}

function readExport(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new ConfigError('invalid_flag', `flowgate test: ${file} is not a workspace export (JSON): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The workspace's key-encryption key: FLOWGATE_KEK, or the file `flowgate serve` keeps beside it (never made here). */
function kekOf(dbFile: string, env: CommandIo['env']): string {
  if (env.FLOWGATE_KEK) return env.FLOWGATE_KEK;
  const file = `${dbFile}.kek`;
  const key = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (!key) throw new ConfigError('invalid_flag', `flowgate test: the workspace's key-encryption key is needed to sign the tests' tokens: set FLOWGATE_KEK, or keep ${file} beside the workspace`);
  return key;
}

function deadlineMsOf(env: CommandIo['env']): number {
  const value = Number(env.FLOWGATE_DEADLINE_MS);
  return env.FLOWGATE_DEADLINE_MS && Number.isFinite(value) && value > 0 ? value : DEFAULT_DEADLINE_MS;
}

function configFor(dbFile: string, kek: string, env: CommandIo['env'], logLine: (line: string) => void): ServerConfig {
  return {
    dbFile,
    // Nothing listens: the admin key guards nothing, but the assembly wants one.
    adminKey: randomBytes(SECRET_BYTES).toString('base64url'),
    kek,
    adminPort: 0,
    runtimePort: 0,
    host: DEFAULT_HOST,
    portFallback: false,
    publicUrl: undefined,
    deadlineMs: deadlineMsOf(env),
    workers: TEST_WORKERS,
    trustedProxies: [],
    logLine,
  };
}
