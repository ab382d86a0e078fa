import { chmodSync, closeSync, constants, openSync, statSync } from 'node:fs';

/** Owner read and write only: the workspace holds signing keys, tokens' data and records. */
export const PRIVATE_FILE_MODE = 0o600;
const GROUP_AND_OTHER_BITS = 0o077;
/** The files SQLite keeps beside a workspace in WAL mode. */
export const SQLITE_COMPANION_SUFFIXES = ['-wal', '-shm'] as const;
const IN_MEMORY = ':memory:';

/**
 * Makes a file owner-only: created 0600 when `create` is set and it is missing; an existing file
 * readable by others is narrowed to 0600 with a warning. Windows has no such modes: nothing to do.
 */
export function keepPrivate(file: string, options: { create?: boolean; warn?: (line: string) => void } = {}): void {
  if (process.platform === 'win32' || file === IN_MEMORY || file === '') return;
  const warn = options.warn ?? ((line: string) => console.warn(line));
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (options.create) createPrivate(file);
    return;
  }
  if ((mode & GROUP_AND_OTHER_BITS) === 0) return;
  chmodSync(file, PRIVATE_FILE_MODE);
  warn(`[workspace] ${file} was readable by other users (mode ${(mode & 0o777).toString(8)}); it is now 600 (owner only)`);
}

function createPrivate(file: string): void {
  try {
    closeSync(openSync(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, PRIVATE_FILE_MODE));
  } catch (error) {
    // Another process made it meanwhile: left alone here, checked at the next start.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
