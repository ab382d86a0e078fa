import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AllowlistError, parseAllowlist } from './auth/ip-allowlist.js';
import { SigningKeyError } from './auth/key-encryption.js';
import type { ConnectionLimits } from './runtime/connection-limits.js';
import { DEFAULT_DEADLINE_MS } from './runtime/deadlines.js';
import { keyBesideWorkspace, removeKeyFile, type KeyFile } from './key-files.js';
import { isLoopbackHost, readTlsCredentials, TlsFileError, type TlsCredentials } from './net/tls.js';

/**
 * `flowgate serve`'s flags and environment, read once and checked with zod: the CLI
 * (server/main.ts) and the desktop's utility process (electron/server-entry.ts) both start here.
 */

export const DEFAULT_ADMIN_PORT = 4300;
export const DEFAULT_RUNTIME_PORT = 4310;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DB_FILE = 'flowgate.db';
export const INLINE_FLOWS = ['bounded', 'off'] as const;
export type InlineFlows = (typeof INLINE_FLOWS)[number];
/** More flow workers than this only cost memory: each is a process with its own heap and workspace connection. */
export const MAX_WORKERS = 64;
/** Shorter keys can be guessed; a generated one is 43 characters. */
export const MIN_ADMIN_KEY_LENGTH = 16;

/** Everything buildServer and listen need; tests build one directly. */
export type ServerConfig = {
  /** The SQLite workspace file; unused when `databaseUrl` is set. */
  dbFile: string;
  /** A PostgreSQL workspace (`--database`, FLOWGATE_DATABASE_URL): every server on it is a replica. */
  databaseUrl?: string | undefined;
  adminKey: string;
  /** Seals the private signing keys at rest; always present. */
  kek: string;
  /** The file the KEK was read from or made in, so a failure to open can name it. */
  kekFile?: KeyFile | undefined;
  adminPort: number;
  runtimePort: number;
  /** Where the runtime listens. */
  host: string;
  /** Where the admin listener listens (`--admin-host`); 127.0.0.1 when unset. Off loopback only with `tls`. */
  adminHost?: string | undefined;
  /** Both listeners serve HTTPS with these (`--tls-cert`, `--tls-key`); plain HTTP when unset. */
  tls?: TlsCredentials | undefined;
  /** When the runtime port is taken, listen on a free one instead of failing. */
  portFallback: boolean;
  /** The runtime's base URL as callers see it; the listener's address when unset. */
  publicUrl: string | undefined;
  deadlineMs: number;
  /** Flow worker processes (`--workers`); one when unset, as in tests and embedding shells. */
  workers?: number | undefined;
  /**
   * 'bounded' (the default): plans that provably cannot run long run on the listener, the rest in the
   * workers; 'off': every flow in a worker (FLOWGATE_INLINE_FLOWS, to measure what isolation costs).
   */
  inlineFlows?: InlineFlows | undefined;
  /** Proxies (CIDRs) whose X-Forwarded-For is believed; none by default. */
  trustedProxies: string[];
  /** Timeouts and the connection cap of the runtime listener; each unset one takes its default (runtime/connection-limits.ts). */
  connectionLimits?: Partial<ConnectionLimits> | undefined;
  /** The built editor (vite's output); dist/renderer by default. */
  rendererDir?: string | undefined;
  /** Where log nodes write; the console by default. */
  logLine?: ((line: string) => void) | undefined;
};

/** What `flowgate serve` read: the server's config, plus the key files to mention to a person. */
export type ServeConfig = ServerConfig & { adminKeyFile: KeyFile | undefined; warnings: string[] };

export type ConfigErrorCode = 'unknown_flag' | 'invalid_flag' | 'invalid_environment' | 'admin_key_too_short' | 'shared_keys_required' | 'invalid_tls' | 'admin_host_needs_tls';

/** A flag or variable that can't be used; the message names it and says what would do. */
export class ConfigError extends Error {
  constructor(
    readonly code: ConfigErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

const Port = z.coerce.number().int().min(0).max(65_535);
const Milliseconds = z.coerce.number({ error: 'must be a whole number of milliseconds' }).int('must be a whole number of milliseconds').positive('must be a positive number of milliseconds');
const Count = z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').positive('must be at least 1');
const unsetWhenEmpty = (value: unknown): unknown => (value === '' ? undefined : value);

const PublicUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL, such as https://api.example.com' })
  .refine((value) => !new URL(value).search && !new URL(value).hash, 'must not carry a query or fragment')
  .transform((value) => value.replace(/\/+$/, ''));

const DatabaseUrl = z
  .string()
  .refine((value) => /^postgres(?:ql)?:\/\/./.test(value), 'must be a PostgreSQL URL, such as postgres://flowgate:secret@db.internal:5432/flowgate');

const Flags = z.object({
  db: z.string().min(1).default(DEFAULT_DB_FILE),
  database: DatabaseUrl.optional(),
  'admin-port': Port.default(DEFAULT_ADMIN_PORT),
  port: Port.default(DEFAULT_RUNTIME_PORT),
  host: z.string().min(1).default(DEFAULT_HOST),
  'admin-host': z.string().min(1).default(DEFAULT_HOST),
  'tls-cert': z.string().min(1).optional(),
  'tls-key': z.string().min(1).optional(),
  'public-url': PublicUrl.optional(),
  'port-fallback': z.boolean().default(false),
  'headers-timeout': Milliseconds.optional(),
  'request-timeout': Milliseconds.optional(),
  'keep-alive-timeout': Milliseconds.optional(),
  'max-connections': Count.optional(),
  workers: z.coerce.number({ error: 'must be a whole number from 1 up' }).int('must be a whole number from 1 up').min(1, 'must be a whole number from 1 up').max(MAX_WORKERS, `must be at most ${MAX_WORKERS}`).default(availableParallelism()),
});

const Environment = z.object({
  FLOWGATE_ADMIN_KEY: z.preprocess(unsetWhenEmpty, z.string().optional()),
  FLOWGATE_KEK: z.preprocess(unsetWhenEmpty, z.string().optional()),
  FLOWGATE_TLS_CERT: z.preprocess(unsetWhenEmpty, z.string().optional()),
  FLOWGATE_TLS_KEY: z.preprocess(unsetWhenEmpty, z.string().optional()),
  FLOWGATE_DATABASE_URL: z.preprocess(unsetWhenEmpty, DatabaseUrl.optional()),
  FLOWGATE_DEADLINE_MS: z.preprocess(
    unsetWhenEmpty,
    z.coerce.number({ error: 'must be a positive number of milliseconds' }).positive('must be a positive number of milliseconds').default(DEFAULT_DEADLINE_MS),
  ),
  FLOWGATE_HEADERS_TIMEOUT_MS: z.preprocess(unsetWhenEmpty, Milliseconds.optional()),
  FLOWGATE_REQUEST_TIMEOUT_MS: z.preprocess(unsetWhenEmpty, Milliseconds.optional()),
  FLOWGATE_KEEP_ALIVE_TIMEOUT_MS: z.preprocess(unsetWhenEmpty, Milliseconds.optional()),
  FLOWGATE_MAX_CONNECTIONS: z.preprocess(unsetWhenEmpty, Count.optional()),
  FLOWGATE_INLINE_FLOWS: z.preprocess(unsetWhenEmpty, z.enum(INLINE_FLOWS, { error: `must be ${INLINE_FLOWS.join(' or ')}` }).default('bounded')),
  FLOWGATE_TRUSTED_PROXIES: z.preprocess(
    unsetWhenEmpty,
    z
      .string()
      .default('')
      .transform((list) => list.split(',').map((cidr) => cidr.trim()).filter(Boolean))
      .superRefine((cidrs, context) => {
        try {
          parseAllowlist(cidrs);
        } catch (error) {
          if (!(error instanceof AllowlistError)) throw error;
          context.addIssue({ code: 'custom', message: `${error.message} (expected comma-separated CIDRs, such as 10.0.0.0/8,::1)` });
        }
      }),
  ),
});

const FLAG_OPTIONS = {
  db: { type: 'string' },
  database: { type: 'string' },
  'admin-port': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'admin-host': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'public-url': { type: 'string' },
  'port-fallback': { type: 'boolean' },
  'headers-timeout': { type: 'string' },
  'request-timeout': { type: 'string' },
  'keep-alive-timeout': { type: 'string' },
  'max-connections': { type: 'string' },
  workers: { type: 'string' },
} as const;

/** Reads flags (after `serve`) and environment; makes the admin key and KEK files beside the workspace when needed. */
export function readServeConfig(args: readonly string[], env: Record<string, string | undefined>): ServeConfig {
  const flags = parseFlags(args);
  const environment = Environment.safeParse(env);
  if (!environment.success) {
    throw new ConfigError('invalid_environment', environment.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; '));
  }
  const dbFile = path.resolve(flags.db);
  const databaseUrl = flags.database ?? environment.data.FLOWGATE_DATABASE_URL;
  if (databaseUrl !== undefined) requireSharedKeys(environment.data);
  const warnings: string[] = [];
  const tls = tlsOf(flags, environment.data, warnings);
  refuseOpenAdminWithoutTls(flags['admin-host'], tls);
  const fromEnv = environment.data.FLOWGATE_ADMIN_KEY;
  const adminKeyFile = fromEnv === undefined ? keyBesideWorkspace(dbFile, 'admin-key', warnings) : undefined;
  const adminKey = fromEnv ?? adminKeyFile!.key;
  if (adminKey.length < MIN_ADMIN_KEY_LENGTH) {
    const instead = fromEnv === undefined
      ? `put a longer one in ${adminKeyFile!.path}, or delete that file so Flowgate makes one`
      : `set a random one (e.g. \`openssl rand -base64 24\`), or unset FLOWGATE_ADMIN_KEY to use the one kept in ${dbFile}.admin-key`;
    throw new ConfigError(
      'admin_key_too_short',
      `The admin key in ${fromEnv === undefined ? adminKeyFile!.path : 'FLOWGATE_ADMIN_KEY'} is ${plural(adminKey.length, 'character')} long; ` +
        `it must have at least ${MIN_ADMIN_KEY_LENGTH}: ${instead}.`,
    );
  }
  const kekFromEnv = environment.data.FLOWGATE_KEK;
  const kekFile = kekFromEnv === undefined ? keyBesideWorkspace(dbFile, 'kek', warnings) : undefined;
  return {
    dbFile,
    databaseUrl,
    adminKey,
    adminKeyFile,
    kek: kekFromEnv ?? kekFile!.key,
    kekFile,
    adminPort: flags['admin-port'],
    runtimePort: flags.port,
    host: flags.host,
    adminHost: flags['admin-host'],
    tls,
    portFallback: flags['port-fallback'],
    publicUrl: flags['public-url'],
    deadlineMs: environment.data.FLOWGATE_DEADLINE_MS,
    workers: flags.workers,
    inlineFlows: environment.data.FLOWGATE_INLINE_FLOWS,
    trustedProxies: environment.data.FLOWGATE_TRUSTED_PROXIES,
    connectionLimits: connectionLimitsOf(flags, environment.data),
    warnings,
  };
}

/**
 * Replicas on one PostgreSQL workspace must agree on the admin key and on the key that seals the
 * signing keys; a file beside one machine's workspace can't be shared, so both come from the environment.
 */
function requireSharedKeys(env: z.infer<typeof Environment>): void {
  const missing = (['FLOWGATE_ADMIN_KEY', 'FLOWGATE_KEK'] as const).filter((name) => env[name] === undefined);
  if (missing.length === 0) return;
  throw new ConfigError(
    'shared_keys_required',
    `A PostgreSQL workspace needs ${missing.join(' and ')} set: every replica must use the same one (e.g. \`openssl rand -base64 32\`).`,
  );
}

/** Both TLS files from their flags, else their variables; neither means plain HTTP. */
function tlsOf(flags: z.infer<typeof Flags>, env: z.infer<typeof Environment>, warnings: string[]): TlsCredentials | undefined {
  const certFile = flags['tls-cert'] ?? env.FLOWGATE_TLS_CERT;
  const keyFile = flags['tls-key'] ?? env.FLOWGATE_TLS_KEY;
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) {
    const missing = certFile === undefined ? '--tls-cert (or FLOWGATE_TLS_CERT)' : '--tls-key (or FLOWGATE_TLS_KEY)';
    throw new ConfigError('invalid_tls', `flowgate serve: HTTPS needs both a certificate and its key: add ${missing}.`);
  }
  try {
    const read = readTlsCredentials(certFile, keyFile);
    warnings.push(...read.warnings);
    return read.credentials;
  } catch (error) {
    if (error instanceof TlsFileError) throw new ConfigError('invalid_tls', `flowgate serve: ${error.message}`);
    throw error;
  }
}

/** The admin key would cross the network in the clear: an admin listener off loopback needs TLS. */
function refuseOpenAdminWithoutTls(adminHost: string, tls: TlsCredentials | undefined): void {
  if (tls || isLoopbackHost(adminHost)) return;
  throw new ConfigError(
    'admin_host_needs_tls',
    `flowgate serve: --admin-host ${adminHost} is reachable from other machines, and the admin key and editor would travel unencrypted: ` +
      'add --tls-cert FILE --tls-key FILE, or keep the admin listener on 127.0.0.1 (and reach it through an SSH tunnel or an HTTPS proxy).',
  );
}

/** Each limit from its flag, else its variable; the rest are left to their defaults. */
function connectionLimitsOf(flags: z.infer<typeof Flags>, env: z.infer<typeof Environment>): Partial<ConnectionLimits> {
  const limits: Partial<ConnectionLimits> = {};
  const set = <K extends keyof ConnectionLimits>(key: K, value: number | undefined): void => {
    if (value !== undefined) limits[key] = value;
  };
  set('headersTimeoutMs', flags['headers-timeout'] ?? env.FLOWGATE_HEADERS_TIMEOUT_MS);
  set('requestTimeoutMs', flags['request-timeout'] ?? env.FLOWGATE_REQUEST_TIMEOUT_MS);
  set('keepAliveTimeoutMs', flags['keep-alive-timeout'] ?? env.FLOWGATE_KEEP_ALIVE_TIMEOUT_MS);
  set('maxConnections', flags['max-connections'] ?? env.FLOWGATE_MAX_CONNECTIONS);
  return limits;
}

function parseFlags(args: readonly string[]): z.infer<typeof Flags> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: [...args], options: FLAG_OPTIONS, strict: true }).values;
  } catch (error) {
    // parseArgs names the flag it could not take (unknown, or missing its value).
    throw new ConfigError('unknown_flag', `flowgate serve: ${error instanceof Error ? error.message : String(error)} (see flowgate serve --help)`);
  }
  const flags = Flags.safeParse(values);
  if (!flags.success) {
    throw new ConfigError('invalid_flag', `flowgate serve: ${flags.error.issues.map((issue) => `--${issue.path.join('.')} ${issue.message}`).join('; ')}`);
  }
  return flags.data;
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/**
 * A KEK made just now can't open keys sealed before: say which key is missing (and drop the
 * useless new file) instead of reporting a mismatch with a key the person never chose.
 */
export function explainKekFailure(error: unknown, config: Pick<ServerConfig, 'kekFile'>): unknown {
  if (!(error instanceof SigningKeyError) || error.code !== 'kek_mismatch' || !config.kekFile) return error;
  const file = config.kekFile;
  if (file.created) {
    removeKeyFile(file);
    return new SigningKeyError(
      'kek_required',
      `This workspace's signing keys are encrypted: start Flowgate with the key-encryption key they were sealed with (FLOWGATE_KEK, or its key file ${file.path}).`,
    );
  }
  return new SigningKeyError('kek_mismatch', `The key-encryption key in ${file.path} is not the one this workspace's signing keys were encrypted with.`);
}
