import { exportJWK, exportPKCS8, generateKeyPair, importJWK, importPKCS8, type JWK } from 'jose';
import type { SigningKeyInfo } from '../../shared/model/token.js';
import { HttpError, notFound } from '../http/errors.js';
import type { ChangeFeed } from '../storage/changes.js';
import { nowIso } from '../workspace/db.js';
import { newKid } from './ids.js';
import { SigningKeyError, type KeyEncryption } from './key-encryption.js';
import { SerialReload } from './serial-reload.js';
import type { KeyRow, NewKey, SigningKeyStore } from './signing-key-store.js';

export const SIGNING_ALG = 'EdDSA';

export type PublicJwk = JWK & { kid: string; alg: typeof SIGNING_ALG; use: 'sig' };
export type Jwks = { keys: PublicJwk[] };

export type SigningKeysOptions = {
  /** The key-encryption key, derived (`keyEncryption`): private keys are sealed with it at rest. */
  sealer?: KeyEncryption | null | undefined;
  /** Told after a rotation or retirement, so every replica reloads its keys. */
  changes: ChangeFeed;
};

type VerifyingKey = { key: CryptoKey; jwk: PublicJwk; publicJwk: string };
type Signer = { kid: string; privateKey: CryptoKey };

/**
 * The workspace's Ed25519 keys: one current key signs, older ones verify until retired. The keys
 * are held in memory (verification and the JWKS never wait for the database) and read again on
 * every `signing-keys` change. A key's private half is wiped when it stops being current.
 */
export class SigningKeys {
  private verifying = new Map<string, VerifyingKey>();
  private signer: Signer | null = null;
  private publicJwks: Jwks = { keys: [] };
  private readonly reloads = new SerialReload(() => this.load());

  private constructor(
    private readonly store: SigningKeyStore,
    private readonly sealer: KeyEncryption | null,
    private readonly changes: ChangeFeed,
  ) {}

  /** Loads the keys (making the first on a new workspace); rejects with SigningKeyError when the KEK is missing or wrong. */
  static async open(store: SigningKeyStore, options: SigningKeysOptions): Promise<SigningKeys> {
    const keys = new SigningKeys(store, options.sealer ?? null, options.changes);
    await keys.reload();
    if (!keys.signer) {
      await store.createFirst(await keys.newKey());
      await keys.reload();
    }
    return keys;
  }

  /** The key new tokens are signed with. */
  current(): Signer {
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

  async list(): Promise<SigningKeyInfo[]> {
    return (await this.store.list()).map(toInfo);
  }

  /** A new key signs from now on; the previous one keeps verifying the tokens it signed. */
  async rotate(): Promise<SigningKeyInfo> {
    const key = await this.newKey();
    await this.store.rotate(key);
    await this.changes.announce({ kind: 'signing-keys' });
    return { kid: key.kid, createdAt: key.created_at, status: 'current', retiredAt: null };
  }

  /** Tokens signed by a retired key fail from the next request on. The current key can't be retired. */
  async retire(kid: string): Promise<SigningKeyInfo> {
    const row = await this.store.get(kid);
    if (!row) throw notFound(`Signing key ${kid}`);
    if (row.status === 'current') {
      throw new HttpError(409, 'current_signing_key', 'The current signing key signs new tokens and cannot be retired: rotate first, then retire it.');
    }
    if (await this.store.retire(kid, nowIso())) await this.changes.announce({ kind: 'signing-keys' });
    return toInfo((await this.store.get(kid)) ?? row);
  }

  /** Settles once the keys as stored after this call are in force here. */
  reload(): Promise<void> {
    return this.reloads.run();
  }

  private async newKey(): Promise<NewKey> {
    const pair = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
    const kid = newKid();
    const jwk = publicJwk(await exportJWK(pair.publicKey), kid);
    const pem = await exportPKCS8(pair.privateKey);
    return {
      kid, public_jwk: JSON.stringify(jwk), private_key: this.sealer ? this.sealer.encrypt(pem, kid) : pem, encrypted: this.sealer ? 1 : 0, created_at: nowIso(),
    };
  }

  /** Reads the active keys; ones already imported are kept as they are. */
  private async load(): Promise<void> {
    const verifying = new Map<string, VerifyingKey>();
    let signer: Signer | null = null;
    for (const row of await this.store.active()) {
      const known = this.verifying.get(row.kid);
      const jwk = JSON.parse(row.public_jwk) as PublicJwk;
      const key = known?.publicJwk === row.public_jwk ? known.key : ((await importJWK(jwk, SIGNING_ALG)) as CryptoKey);
      verifying.set(row.kid, { key, jwk, publicJwk: row.public_jwk });
      if (row.status === 'current' && row.private_key !== null) {
        signer = this.signer?.kid === row.kid ? this.signer : { kid: row.kid, privateKey: await importPKCS8(await this.readPrivateKey(row, row.private_key), SIGNING_ALG, { extractable: false }) };
      }
    }
    this.verifying = verifying;
    this.signer = signer;
    this.publicJwks = { keys: [...verifying.values()].map((entry) => entry.jwk) };
  }

  private async readPrivateKey(row: KeyRow, stored: string): Promise<string> {
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
    if (this.sealer) await this.store.seal(row.kid, this.sealer.encrypt(stored, row.kid));
    return stored;
  }
}

function publicJwk(jwk: JWK, kid: string): PublicJwk {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid, alg: SIGNING_ALG, use: 'sig' };
}

const toInfo = (row: KeyRow): SigningKeyInfo => ({ kid: row.kid, createdAt: row.created_at, status: row.status, retiredAt: row.retired_at });
