import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SecretSealer } from './surface.js';

/** The key-encryption key for the workspaces' private signing keys, sealed by the OS keychain (safeStorage). */
export const KEK_FILE = 'signing-key-kek.json';
const SECRET_BYTES = 32;

const SealedKek = z.object({ version: z.literal(1), sealed: z.string().min(1) });

/**
 * A fresh admin key per launch. Only this app's window (through the preload) and the login
 * links it asks the server for ever need it, so it is never written anywhere.
 */
export function newAdminKey(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

export type KekResult = { kek: string | undefined; notice?: string };

/**
 * Unseals the KEK kept in userData, or makes one on first launch. Without real OS encryption
 * (safeStorage unavailable, or Linux without a keyring) the server runs without a KEK and the
 * notice says why: a secret stored next to what it protects would protect nothing.
 */
export async function loadKek(sealer: SecretSealer, userDataDir: string): Promise<KekResult> {
  const file = path.join(userDataDir, KEK_FILE);
  const available = await sealer.isAsyncEncryptionAvailable().catch(() => false);
  if (existsSync(file)) {
    if (!available) {
      return { kek: undefined, notice: `safeStorage is unavailable, so the key that encrypts the signing keys (${file}) can't be unsealed; starting without it.` };
    }
    try {
      const stored = SealedKek.parse(JSON.parse(readFileSync(file, 'utf8')));
      const { result } = await sealer.decryptStringAsync(Buffer.from(stored.sealed, 'base64'));
      return { kek: result };
    } catch (error) {
      // Never replace the file: the workspaces' signing keys are sealed with what it holds.
      return { kek: undefined, notice: `Could not unseal ${file} (${error instanceof Error ? error.message : String(error)}); starting without it.` };
    }
  }
  if (!available) {
    return { kek: undefined, notice: 'safeStorage is unavailable on this system: signing keys are stored unencrypted in the workspace.' };
  }
  if (sealer.getSelectedStorageBackend?.() === 'basic_text') {
    return { kek: undefined, notice: 'No OS keyring was found (safeStorage backend basic_text): signing keys are stored unencrypted in the workspace.' };
  }
  const kek = randomBytes(SECRET_BYTES).toString('base64url');
  const sealed = (await sealer.encryptStringAsync(kek)).toString('base64');
  writeFileSync(file, `${JSON.stringify({ version: 1, sealed })}\n`, { mode: 0o600, flag: 'wx' });
  return { kek };
}
