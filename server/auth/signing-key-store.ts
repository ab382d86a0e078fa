import type { SigningKeyStatus } from '../../shared/model/token.js';
import { byEngine, type Storage } from '../storage/storage.js';
import type { Db } from '../workspace/db.js';
import { PostgresSigningKeyStore } from './postgres/signing-keys.js';

export type KeyRow = {
  kid: string;
  public_jwk: string;
  private_key: string | null;
  encrypted: 0 | 1;
  status: SigningKeyStatus;
  created_at: string;
  retired_at: string | null;
};

/** A key to become the current one: its private half as stored (sealed when `encrypted` is 1). */
export type NewKey = Pick<KeyRow, 'kid' | 'public_jwk' | 'private_key' | 'encrypted' | 'created_at'>;

/** The workspace's signing keys. Listed newest first, then by kid. */
export interface SigningKeyStore {
  list(): Promise<KeyRow[]>;
  /** The current key and those still verifying. */
  active(): Promise<KeyRow[]>;
  get(kid: string): Promise<KeyRow | undefined>;
  /** The current key becomes a verifying one (its private half wiped) and this one signs from now on. */
  rotate(key: NewKey): Promise<void>;
  /** Stores the key as current only while there is none (a new workspace, replicas perhaps starting together). */
  createFirst(key: NewKey): Promise<void>;
  /** A verifying key stops verifying; false when it is not a verifying key. */
  retire(kid: string, at: string): Promise<boolean>;
  /** Replaces a plain private key with its sealed form (a KEK given for the first time). */
  seal(kid: string, sealed: string): Promise<void>;
}

const INSERT_CURRENT = `INSERT INTO signing_keys (kid, public_jwk, private_key, encrypted, status, created_at) VALUES (?, ?, ?, ?, 'current', ?)`;

export class SqliteSigningKeyStore implements SigningKeyStore {
  constructor(private readonly db: Db) {}

  async list(): Promise<KeyRow[]> {
    return this.db.prepare('SELECT * FROM signing_keys ORDER BY created_at DESC, kid').all() as KeyRow[];
  }

  async active(): Promise<KeyRow[]> {
    return this.db.prepare(`SELECT * FROM signing_keys WHERE status != 'retired'`).all() as KeyRow[];
  }

  async get(kid: string): Promise<KeyRow | undefined> {
    return this.db.prepare('SELECT * FROM signing_keys WHERE kid = ?').get(kid) as KeyRow | undefined;
  }

  async rotate(key: NewKey): Promise<void> {
    this.scrubbing(() =>
      this.db.transaction(() => {
        this.db.prepare(`UPDATE signing_keys SET status = 'verifying', private_key = NULL, encrypted = 0 WHERE status = 'current'`).run();
        this.db.prepare(INSERT_CURRENT).run(key.kid, key.public_jwk, key.private_key, key.encrypted, key.created_at);
      })(),
    );
  }

  async createFirst(key: NewKey): Promise<void> {
    this.db.transaction(() => {
      if (this.db.prepare(`SELECT 1 FROM signing_keys WHERE status = 'current'`).get()) return;
      this.db.prepare(INSERT_CURRENT).run(key.kid, key.public_jwk, key.private_key, key.encrypted, key.created_at);
    })();
  }

  async retire(kid: string, at: string): Promise<boolean> {
    return this.scrubbing(() => this.db.prepare(`UPDATE signing_keys SET status = 'retired', retired_at = ?, private_key = NULL WHERE kid = ? AND status = 'verifying'`).run(at, kid).changes > 0);
  }

  async seal(kid: string, sealed: string): Promise<void> {
    this.scrubbing(() => this.db.prepare('UPDATE signing_keys SET private_key = ?, encrypted = 1 WHERE kid = ? AND encrypted = 0').run(sealed, kid));
  }

  /** Writes that drop key material: SQLite would otherwise leave the old bytes in free pages and the WAL. */
  private scrubbing<T>(write: () => T): T {
    const previous = Number(this.db.pragma('secure_delete', { simple: true }));
    this.db.pragma('secure_delete = ON');
    try {
      return write();
    } finally {
      this.db.pragma(`secure_delete = ${previous}`);
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
  }
}

export const signingKeyStoreFor = (storage: Storage): SigningKeyStore =>
  byEngine<SigningKeyStore>(storage, { sqlite: (db) => new SqliteSigningKeyStore(db), postgres: (pg) => new PostgresSigningKeyStore(pg) });
