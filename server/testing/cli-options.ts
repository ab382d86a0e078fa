import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { TestTarget } from '../../shared/api/tests.js';
import { ConfigError, DEFAULT_DB_FILE } from '../config.js';

export const TEST_USAGE = `Usage: flowgate test [--db FILE | --database URL | --workspace FILE.json] [--api NAME…] [--version draft|published|N]
                     [--environment NAME] [--reporter text|junit|json] [--output FILE]

Runs the workspace's API tests and suites without the editor or a listening server, each test in
a throwaway copy of the data, and exits 0 when all pass, 1 when any fails, 2 on a usage error.

  --db FILE            the workspace (default ./flowgate.db); its key-encryption key is read from
                       FILE.kek or FLOWGATE_KEK
  --database URL       a PostgreSQL workspace (postgres://…) instead; FLOWGATE_KEK must be set
  --workspace FILE     a workspace export (JSON) instead, imported into a temporary workspace
  --api NAME           only this API's tests (its name or id; repeat for more) and the suites calling it
  --version V          draft (default): each API's current draft; published: what each test's
                       environment serves; N: that version of the one API named by --api
  --environment NAME   run every test in this environment instead of its own
  --reporter R         text (default), junit (JUnit XML for CI) or json (the run report)
  --output FILE        write the report there instead of to the standard output`;

export const REPORTERS = ['text', 'junit', 'json'] as const;
export type Reporter = (typeof REPORTERS)[number];

export type TestCommand =
  | { kind: 'help' }
  | {
      kind: 'run';
      source: { kind: 'db'; file: string } | { kind: 'database'; url: string } | { kind: 'workspace'; file: string };
      apis: string[];
      version: TestTarget;
      environment: string | undefined;
      reporter: Reporter;
      output: string | undefined;
    };

const OPTIONS = {
  db: { type: 'string' },
  database: { type: 'string' },
  workspace: { type: 'string' },
  api: { type: 'string', multiple: true },
  version: { type: 'string' },
  environment: { type: 'string' },
  reporter: { type: 'string' },
  output: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const usage = (message: string): ConfigError => new ConfigError('invalid_flag', `flowgate test: ${message} (see flowgate test --help)`);

/** The flags after `test`, checked: a ConfigError (exit code 2) names what cannot be used. */
export function readTestCommand(args: readonly string[], cwd: string = process.cwd()): TestCommand {
  let values;
  try {
    values = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new ConfigError('unknown_flag', `flowgate test: ${error instanceof Error ? error.message : String(error)} (see flowgate test --help)`);
  }
  if (values.help) return { kind: 'help' };
  const sources = [values.db, values.database, values.workspace].filter((value) => value !== undefined);
  if (sources.length > 1) throw usage('give one of --db, --database or --workspace');
  const source = sourceOf(values, cwd);
  const reporter = values.reporter ?? 'text';
  if (!(REPORTERS as readonly string[]).includes(reporter)) throw usage(`--reporter is one of ${REPORTERS.join(', ')}, not "${reporter}"`);
  const version = versionOf(values.version ?? 'draft');
  const apis = values.api ?? [];
  if (typeof version === 'number' && apis.length !== 1) throw usage(`--version ${version} names a version of one API: name it with one --api`);
  if (values.environment !== undefined && !/^[a-z][a-z0-9-]{0,31}$/.test(values.environment)) throw usage(`--environment "${values.environment}" is not an environment name`);
  return {
    kind: 'run',
    source,
    apis,
    version,
    environment: values.environment,
    reporter: reporter as Reporter,
    output: values.output === undefined ? undefined : path.resolve(cwd, values.output),
  };
}

function sourceOf(values: { db?: string | undefined; database?: string | undefined; workspace?: string | undefined }, cwd: string): Extract<TestCommand, { kind: 'run' }>['source'] {
  if (values.database !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(values.database)) throw usage(`--database takes a PostgreSQL URL (postgres://user:password@host/database), not "${values.database}"`);
    return { kind: 'database', url: values.database };
  }
  const source = values.workspace !== undefined
    ? { kind: 'workspace' as const, file: path.resolve(cwd, values.workspace) }
    : { kind: 'db' as const, file: path.resolve(cwd, values.db ?? DEFAULT_DB_FILE) };
  if (!existsSync(source.file)) {
    throw usage(source.kind === 'db' ? `there is no workspace at ${source.file}` : `there is no file at ${source.file}`);
  }
  return source;
}

function versionOf(text: string): TestTarget {
  if (text === 'draft' || text === 'published') return text;
  if (/^[1-9]\d{0,8}$/.test(text)) return Number(text);
  throw usage(`--version is draft, published or a version number, not "${text}"`);
}
