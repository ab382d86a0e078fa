import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import type { AuthSettings } from './settings.js';

const SALT_SETTING = 'signing_key_kek_salt';
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// N = 2^15 costs ~100 ms once per start: slow for guessing a weak passphrase, unnoticed by a person.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const CIPHER = 'aes-256-gcm';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number, options: typeof SCRYPT) => Promise<Buffer>;

export type SigningKeyErrorCode = 'kek_required' | 'kek_mismatch';

/** Opening a workspace whose private keys can't be read: the server must not start. */
export class SigningKeyError extends Error {
  constructor(
    readonly code: SigningKeyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

/** AES-256-GCM under a key derived from the key-encryption key; the kid is bound in as associated data. */
export type KeyEncryption = {
  encrypt(plain: string, kid: string): string;
  decrypt(sealed: string, kid: string): string;
};

export async function keyEncryption(settings: AuthSettings, kek: string): Promise<KeyEncryption> {
  const key = await scryptAsync(kek, await workspaceSalt(settings), KEY_BYTES, SCRYPT);
  return {
    encrypt(plain, kid) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(CIPHER, key, iv).setAAD(Buffer.from(kid));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt(sealed, kid) {
      const bytes = Buffer.from(sealed, 'base64');
      try {
        const decipher = createDecipheriv(CIPHER, key, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(kid));
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SigningKeyError(
          'kek_mismatch',
          "The key-encryption key (FLOWGATE_KEK) is not the one this workspace's signing keys were encrypted with.",
        );
      }
    },
  };
}

async function workspaceSalt(settings: AuthSettings): Promise<Buffer> {
  const stored = (await settings.get(SALT_SETTING)) ?? (await settings.setOnce(SALT_SETTING, randomBytes(SALT_BYTES).toString('base64')));
  return Buffer.from(stored, 'base64');
}
