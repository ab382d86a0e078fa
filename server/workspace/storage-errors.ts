import { HttpError } from '../http/errors.js';

/** WebDAV's "Insufficient Storage": the request was fine, the disk could not take it. */
export const STORAGE_FULL_STATUS = 507;
export const STORAGE_FULL_CODE = 'storage_full';

/**
 * A write the workspace file could not take (disk full, or the disk failing to write). Nothing
 * was stored; the same write works again once space returns, with no restart.
 */
export class StorageFullError extends HttpError {
  constructor(what: string, options?: { cause?: unknown }) {
    super(
      STORAGE_FULL_STATUS,
      STORAGE_FULL_CODE,
      `The workspace could not store ${what}: its disk is full or failing. Nothing was saved; free some space and try again.`,
    );
    this.name = 'StorageFullError';
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** SQLITE_FULL, SQLITE_IOERR and their extended codes (SQLITE_IOERR_WRITE, SQLITE_IOERR_SHMSIZE…), as better-sqlite3 names them; PostgreSQL's disk_full. */
export function isStorageFailure(error: unknown): boolean {
  if (error instanceof StorageFullError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  // PostgreSQL's disk_full (53100) is the same case on the database server's disk.
  return typeof code === 'string' && (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') || code === '53100');
}

/** The error to throw for a failed write: a StorageFullError for a full or failing disk, the error itself otherwise. */
export function storageErrorOf(error: unknown, what: string): unknown {
  if (error instanceof StorageFullError || !isStorageFailure(error)) return error;
  return new StorageFullError(what, { cause: error });
}

/** Runs a write and turns a full or failing disk into a StorageFullError. */
export function writeOrStorageFull<T>(what: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    throw storageErrorOf(error, what);
  }
}
