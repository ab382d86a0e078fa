import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from './leftover-processes.js';
import { startSuitePostgres, stopOrphanedPostgres } from './postgres.js';
import { SUITE_ROOT_PREFIX } from './suite-temp.js';

/** Lets the postgres user (tests run as root) reach a data folder below this one. */
const TRAVERSABLE_MODE = 0o711;

/** A PID that surely belongs to no process: one that has just exited. */
function deadPid(): number {
  const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(exited.stdout);
}

describe('the suite PostgreSQL of a killed run', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('is stopped at the next start when its run is gone; a live run keeps its own', async () => {
    const systemTmp = mkdtempSync(path.join(tmpdir(), 'system-tmp-'));
    cleanups.push(() => rmSync(systemTmp, { recursive: true, force: true }));
    chmodSync(systemTmp, TRAVERSABLE_MODE);
    const root = path.join(systemTmp, `${SUITE_ROOT_PREFIX}killed`);
    mkdirSync(root);
    const started = await startSuitePostgres(root);
    cleanups.push(() => (isAlive(started.pid) ? started.stop() : undefined));

    // While its owner is its parent (this worker), the run is alive: hands off.
    writeFileSync(path.join(root, 'owner.pid'), `${process.pid}\n`);
    expect(stopOrphanedPostgres(systemTmp)).toEqual([]);
    expect(isAlive(started.pid)).toBe(true);

    // Its owner died (SIGKILL): the next run stops it.
    writeFileSync(path.join(root, 'owner.pid'), `${deadPid()}\n`);
    expect(stopOrphanedPostgres(systemTmp).map((each) => each.pid)).toEqual([started.pid]);
    expect(isAlive(started.pid)).toBe(false);
    expect(existsSync(path.join(started.dataDir, 'postmaster.pid'))).toBe(false);
  }, 60_000);
});
