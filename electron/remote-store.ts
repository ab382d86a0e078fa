import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SecretSealer } from './surface.js';

/** The remote server last connected to, its admin key sealed by the OS keychain (safeStorage), in userData. */
export const REMOTE_SERVER_FILE = 'remote-server.json';
const OWNER_ONLY = 0o600;

/** `connected`: the window showed it when the app quit, so the next launch reconnects. */
export type SavedServer = { adminUrl: string; adminKey: string; connected: boolean };

const StoredServer = z.object({ version: z.literal(1), adminUrl: z.url(), sealedKey: z.string().min(1), connected: z.boolean() });

/** Why the key can't be kept, or undefined when the OS keychain really encrypts. */
async function keychainMissing(sealer: SecretSealer): Promise<string | undefined> {
  if (!(await sealer.isAsyncEncryptionAvailable().catch(() => false))) return 'safeStorage is unavailable on this system';
  if (sealer.getSelectedStorageBackend?.() === 'basic_text') return 'no OS keyring was found (safeStorage backend basic_text)';
  return undefined;
}

/**
 * Keeps the server with its key sealed; where the OS can't seal it, keeps nothing (a key stored
 * in the clear would open the server to anyone who reads the file) and answers why.
 */
export async function saveServer(sealer: SecretSealer, userDataDir: string, server: SavedServer): Promise<string | undefined> {
  const file = path.join(userDataDir, REMOTE_SERVER_FILE);
  const missing = await keychainMissing(sealer);
  if (missing) {
    rmSync(file, { force: true });
    return `The admin key of ${server.adminUrl} was not kept: ${missing}. Connect to Server… will ask for it again after a restart.`;
  }
  const sealedKey = (await sealer.encryptStringAsync(server.adminKey)).toString('base64');
  mkdirSync(userDataDir, { recursive: true });
  const stored: z.infer<typeof StoredServer> = { version: 1, adminUrl: server.adminUrl, sealedKey, connected: server.connected };
  writeFileSync(`${file}.tmp`, `${JSON.stringify(stored, null, 2)}\n`, { mode: OWNER_ONLY });
  renameSync(`${file}.tmp`, file);
  return undefined;
}

/** The kept server, its key unsealed; none (with a notice saying why) when the file is missing, malformed or can't be unsealed. */
export async function loadSavedServer(sealer: SecretSealer, userDataDir: string): Promise<{ server?: SavedServer; notice?: string }> {
  const file = path.join(userDataDir, REMOTE_SERVER_FILE);
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  let stored: z.infer<typeof StoredServer>;
  try {
    stored = StoredServer.parse(JSON.parse(raw));
  } catch {
    return { notice: `${file} is not a saved connection Flowgate can read; connect again with File ▸ Connect to Server….` };
  }
  const missing = await keychainMissing(sealer);
  if (missing) return { notice: `The admin key of ${stored.adminUrl} can't be unsealed: ${missing}. Connect again with File ▸ Connect to Server….` };
  try {
    const { result } = await sealer.decryptStringAsync(Buffer.from(stored.sealedKey, 'base64'));
    return { server: { adminUrl: stored.adminUrl, adminKey: result, connected: stored.connected } };
  } catch (error) {
    return { notice: `Could not unseal the admin key of ${stored.adminUrl} (${error instanceof Error ? error.message : String(error)}); connect again with File ▸ Connect to Server….` };
  }
}
