import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openAuth, type Auth, type AuthOptions } from '../../../server/auth/index.js';
import type { Storage } from '../../../server/storage/storage.js';
import { openDatabase, type Db } from '../../../server/workspace/db.js';
import type { AuthConfig } from '../../../shared/model/api.js';
import type { AuthResult } from '../../../server/auth/auth-result.js';

export const tempDbFile = (): string => path.join(mkdtempSync(path.join(tmpdir(), 'flowgate-auth-')), 'ws.db');

/** A migrated workspace with the environments other parts of Flowgate seed. */
export function openTestDb(file = tempDbFile()): Db {
  const db = openDatabase(file);
  const now = new Date().toISOString();
  const insert = db.prepare(`INSERT OR IGNORE INTO environments (name, created_at, updated_at) VALUES (?, ?, ?)`);
  for (const name of ['dev', 'prod']) insert.run(name, now, now);
  return db;
}

/** The SQLite storage of an open workspace file, as openAuth takes it. */
export const sqliteStorage = (db: Db, file: string): Storage => ({ engine: 'sqlite', db, file, label: file });

/** A migrated workspace file (see openTestDb) as storage. */
export const openTestStorage = (file = tempDbFile()): Storage => sqliteStorage(openTestDb(file), file);

/** A clock tests move by hand. */
export type Clock = { ms: number; now: () => number; advance: (ms: number) => void };
export function testClock(start = Date.now()): Clock {
  const clock: Clock = { ms: start, now: () => clock.ms, advance: (ms) => void (clock.ms += ms) };
  return clock;
}

export type Workspace = { db: Db; file: string; auth: Auth; clock: Clock };

export async function openWorkspace(options: AuthOptions & { file?: string } = {}): Promise<Workspace> {
  const file = options.file ?? tempDbFile();
  const db = openTestDb(file);
  const clock = testClock();
  const auth = await openAuth(sqliteStorage(db, file), { usageFlushMs: 60_000, now: clock.now, ...options });
  return { db, file, auth, clock };
}

export const REQUIRED: AuthConfig = { required: true, keyGroupIds: [], scopes: [] };

/** Authenticates the way the runtime does, awaiting only when the verified-token cache missed. */
export async function check(
  auth: Auth,
  token: string | undefined,
  options: { environment?: string; auth?: AuthConfig; ip?: string; scheme?: string } = {},
): Promise<AuthResult> {
  return auth.authenticate({
    authorization: token === undefined ? undefined : `${options.scheme ?? 'Bearer'} ${token}`,
    environment: options.environment ?? 'dev',
    auth: options.auth ?? REQUIRED,
    clientIp: options.ip ?? '127.0.0.1',
  });
}

/** The workspace file and its WAL, as bytes on disk. */
export function workspaceBytes(file: string): Buffer {
  const parts = [file, `${file}-wal`].filter((part) => existsSync(part)).map((part) => readFileSync(part));
  return Buffer.concat(parts);
}
