import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Temp folders a test made; each is removed by its owner, and whatever is left at the worker's exit. */
const made = new Set<string>();
const REMOVE_RETRIES = 5;

/** A new folder in the system temp dir (the run's temp root under vitest). */
export function makeTempDir(prefix = 'flowgate-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: REMOVE_RETRIES });
  made.delete(dir);
}

/** For an afterAll (the servers that used them stopped first). */
export function removeTempDirs(): void {
  for (const dir of made) removeTempDir(dir);
}

process.once('exit', removeTempDirs);
