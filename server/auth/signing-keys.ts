import { exportJWK, exportPKCS8, generateKeyPair, importJWK, importPKCS8, type JWK } from 'jose';
import type { SigningKeyInfo, SigningKeyStatus } from '../../shared/model/token.js';
import { HttpError, notFound } from '../http/errors.js';
import type { Db } from '../workspace/db.js';
import { nowIso } from '../workspace/db.js';
import { newKid } from './ids.js';
import { keyEncryption, SigningKeyError, type KeyEncryption } from './key-encryption.js';

export const SIGNING_ALG = 'EdDSA';

type KeyRow = {
  kid: string;
  public_jwk: string;
  private_key: string | null;
  encrypted: 0 | 1;
  status: SigningKeyStatus;
  created_at: string;
  retired_at: string | null;
};

export type PublicJwk = JWK & { kid: string; alg: typeof SIGNING_ALG; use: 'sig' };
export type Jwks = { keys: PublicJwk[] };

export type SigningKeysOptions = {
  /** Key-encryption key (`FLOWGATE_KEK`): private keys are sealed with it at rest. */
  kek?: string | undefined;
  /** The same key, already derived (the workspace's secrets use it too): saves deriving it twice. */
  sealer?: KeyEncryption | undefined;
};

type VerifyingKey = { key: CryptoKey; jwk: PublicJwk };

/**
 * The workspace's Ed25519 keys: one current key signs, older ones verify until retired.
 * A key's private half is wiped when it stops being current, and never leaves this object.
 */
export class SigningKeys {
  private verifying = new Map<string, VerifyingKey>();
  private signer: { kid: string; privateKey: CryptoKey } | null = null;
  private publicJwks: Jwks = { keys: [] };

  private constructor(
    private readonly db: Db,
    private readonly sealer: KeyEncryption | null,
  ) {}

  /** Loads the keys (making the first on a new workspace); rejects with SigningKeyError when the KEK is missing or wrong. */
  static async open(db: Db, options: SigningKeysOptions = {}): Promise<SigningKeys> {
    const sealer = options.sealer ?? (options.kek ? await keyEncryption(db, options.kek) : null);
    const keys = new SigningKeys(db, sealer);
    await keys.load();
    if (!keys.signer) await keys.rotate();
    return keys;
  }

  /** The key new tokens are signed with. */
  current(): { kid: string; privateKey: CryptoKey } {
    if (!this.signer) throw new Error('no current signing key');
    return this.signer;
  }

  /** The public key for a kid that may still verify, or undefined (unknown or retired). */
  verifyKey(kid: string): CryptoKey | undefined {
    return this.verifying.get(kid)?.key;
  }

  jwks(): Jwks {
    return this.publicJwks;
  }

  list(): SigningKeyInfo[] {
    return (this.db.prepare('SELECT * FROM signing_keys ORDER BY created_at DESC, kid').all() as KeyRow[]).map(toInfo);
  }

  /** A new key signs from now on; the previous one keeps verifying the tokens it signed. */
  async rotate(): Promise<SigningKeyInfo> {
    const pair = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
    const kid = newKid();
    const jwk = publicJwk(await exportJWK(pair.publicKey), kid);
    const pem = await exportPKCS8(pair.privateKey);
    const privateKey = await importPKCS8(pem, SIGNING_ALG, { extractable: false });
    const stored = this.sealer ? this.sealer.encrypt(pem, kid) : pem;
    const now = nowIso();
    this.scrubbing(
      this.db.transaction(() => {
        this.db.prepare(`UPDATE signing_keys SET status = 'verifying', private_key = NULL, encrypted = 0 WHERE status = 'current'`).run();
        this.db
          .prepare(`INSERT INTO signing_keys (kid, public_jwk, private_key, encrypted, status, created_at) VALUES (?, ?, ?, ?, 'current', ?)`)
          .run(kid, JSON.stringify(jwk), stored, this.sealer ? 1 : 0, now);
      }),
    );
    this.verifying.set(kid, { key: pair.publicKey, jwk });
    this.signer = { kid, privateKey };
    this.refreshJwks();
    return { kid, createdAt: now, status: 'current', retiredAt: null };
  }

  /** Tokens signed by a retired key fail from the next request on. The current key can't be retired. */
  retire(kid: string): SigningKeyInfo {
    const row = this.db.prepare('SELECT * FROM signing_keys WHERE kid = ?').get(kid) as KeyRow | undefined;
    if (!row) throw notFound(`Signing key ${kid}`);
    if (row.status === 'current') {
      throw new HttpError(409, 'current_signing_key', 'The current signing key signs new tokens and cannot be retired: rotate first, then retire it.');
    }
    if (row.status === 'verifying') {
      this.db.prepare(`UPDATE signing_keys SET status = 'retired', retired_at = ?, private_key = NULL WHERE kid = ?`).run(nowIso(), kid);
      this.verifying.delete(kid);
      this.refreshJwks();
    }
    return toInfo(this.db.prepare('SELECT * FROM signing_keys WHERE kid = ?').get(kid) as KeyRow);
  }

  private async load(): Promise<void> {
    const rows = this.db.prepare(`SELECT * FROM signing_keys WHERE status != 'retired'`).all() as KeyRow[];
    for (const row of rows) {
      const jwk = JSON.parse(row.public_jwk) as PublicJwk;
      const key = (await importJWK(jwk, SIGNING_ALG)) as CryptoKey;
      this.verifying.set(row.kid, { key, jwk });
      if (row.status === 'current' && row.private_key !== null) {
        const pem = this.readPrivateKey(row, row.private_key);
        this.signer = { kid: row.kid, privateKey: await importPKCS8(pem, SIGNING_ALG, { extractable: false }) };
      }
    }
    this.refreshJwks();
  }

  private readPrivateKey(row: KeyRow, stored: string): string {
    if (row.encrypted === 1) {
      if (!this.sealer) {
        throw new SigningKeyError(
          'kek_required',
          "This workspace's signing keys are encrypted: start Flowgate with the key-encryption key they were sealed with (FLOWGATE_KEK).",
        );
      }
      return this.sealer.decrypt(stored, row.kid);
    }
    // A KEK given to a workspace with a plain key seals it from now on.
    if (this.sealer) {
      const sealed = this.sealer.encrypt(stored, row.kid);
      this.scrubbing(() => this.db.prepare('UPDATE signing_keys SET private_key = ?, encrypted = 1 WHERE kid = ?').run(sealed, row.kid));
    }
    return stored;
  }

  /** Writes that drop key material: SQLite would otherwise leave the old bytes in free pages and the WAL. */
  private scrubbing(write: () => unknown): void {
    const previous = Number(this.db.pragma('secure_delete', { simple: true }));
    this.db.pragma('secure_delete = ON');
    try {
      write();
    } finally {
      this.db.pragma(`secure_delete = ${previous}`);
    }
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  private refreshJwks(): void {
    this.publicJwks = { keys: [...this.verifying.values()].map((entry) => entry.jwk) };
  }
}

function publicJwk(jwk: JWK, kid: string): PublicJwk {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid, alg: SIGNING_ALG, use: 'sig' };
}

const toInfo = (row: KeyRow): SigningKeyInfo => ({ kid: row.kid, createdAt: row.created_at, status: row.status, retiredAt: row.retired_at });
