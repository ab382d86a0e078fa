import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { keepPrivate, PRIVATE_FILE_MODE } from './workspace/file-modes.js';

/** Secrets kept beside the workspace (`FILE.admin-key`, `FILE.kek`), readable by their owner only. */

const KEY_BYTES = 32;

export type KeyFile = { path: string; key: string; created: boolean };

export class KeyFileError extends Error {
  readonly code = 'key_file_empty';
  constructor(readonly file: string) {
    super(`${file} is empty: put the key in it, or delete it so Flowgate makes a new one.`);
    this.name = 'KeyFileError';
  }
}

/** Reads `<dbFile>.<suffix>`, or makes a random key there (mode 0600); a file others can read is narrowed to 0600, with a warning. */
export function keyBesideWorkspace(dbFile: string, suffix: string, warnings: string[]): KeyFile {
  const file = `${dbFile}.${suffix}`;
  if (existsSync(file)) {
    keepPrivate(file, { warn: (line) => warnings.push(line) });
    const key = readFileSync(file, 'utf8').trim();
    if (!key) throw new KeyFileError(file);
    return { path: file, key, created: false };
  }
  const key = randomBytes(KEY_BYTES).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  return { path: file, key, created: true };
}

/** Drops a key file made at this start that turned out to be of no use. */
export function removeKeyFile(file: KeyFile): void {
  if (file.created) rmSync(file.path, { force: true });
}
