import type { PgDatabase } from '../../storage/postgres.js';
import type { KeyRow, NewKey, SigningKeyStore } from '../signing-key-store.js';

const INSERT_CURRENT = `INSERT INTO signing_keys (kid, public_jwk, private_key, encrypted, status, created_at) VALUES ($1, $2, $3, $4, 'current', $5)`;
/** pg_advisory_xact_lock key (any fixed bigint): replicas rotating at once take turns instead of both inserting a current key. */
const ROTATION_LOCK = 0x6b657973; // "keys"

export class PostgresSigningKeyStore implements SigningKeyStore {
  constructor(private readonly pg: PgDatabase) {}

  list(): Promise<KeyRow[]> {
    return this.pg.all<KeyRow>('SELECT * FROM signing_keys ORDER BY created_at DESC, kid');
  }

  active(): Promise<KeyRow[]> {
    return this.pg.all<KeyRow>(`SELECT * FROM signing_keys WHERE status != 'retired'`);
  }

  get(kid: string): Promise<KeyRow | undefined> {
    return this.pg.one<KeyRow>('SELECT * FROM signing_keys WHERE kid = $1', [kid]);
  }

  rotate(key: NewKey): Promise<void> {
    return this.pg.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [ROTATION_LOCK]);
      await this.pg.run(`UPDATE signing_keys SET status = 'verifying', private_key = NULL, encrypted = 0 WHERE status = 'current'`, [], client);
      await this.pg.run(INSERT_CURRENT, [key.kid, key.public_jwk, key.private_key, key.encrypted, key.created_at], client);
    });
  }

  async createFirst(key: NewKey): Promise<void> {
    // The partial unique index on the current key: the second replica's insert does nothing.
    await this.pg.run(`${INSERT_CURRENT} ON CONFLICT (status) WHERE status = 'current' DO NOTHING`, [key.kid, key.public_jwk, key.private_key, key.encrypted, key.created_at]);
  }

  async retire(kid: string, at: string): Promise<boolean> {
    return (await this.pg.run(`UPDATE signing_keys SET status = 'retired', retired_at = $1, private_key = NULL WHERE kid = $2 AND status = 'verifying'`, [at, kid])) > 0;
  }

  async seal(kid: string, sealed: string): Promise<void> {
    await this.pg.run('UPDATE signing_keys SET private_key = $1, encrypted = 1 WHERE kid = $2 AND encrypted = 0', [sealed, kid]);
  }
}
