import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, processesInside } from './leftover-processes.js';
import { SUITE_ROOT_PREFIX, createSuiteRoot, removeSuiteRoot, sweepStaleRoots } from './suite-temp.js';

/** A stand-in for the system temp dir, so the sweep sees only this test's roots. */
let systemTmp: string;
afterEach(() => rmSync(systemTmp, { recursive: true, force: true }));

/** A process that exited: its PID is free (until reused). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

/** A process that runs until stopped, with `marker` on its command line. */
function lingering(marker: string) {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', marker], { stdio: 'ignore' });
}

describe('the suite temp root', () => {
  it('sweeps the roots of runs that are gone, with what still runs in them, and keeps live ones', async () => {
    systemTmp = mkdtempSync(path.join(tmpdir(), 'suite-temp-test-'));
    const mine = createSuiteRoot(systemTmp);
    const killed = mkdirSync(path.join(systemTmp, `${SUITE_ROOT_PREFIX}killed`), { recursive: true })!;
    writeFileSync(path.join(killed, 'owner.pid'), `${await deadPid()} 1\n`);
    const leftover = lingering(path.join(killed, 'flowgate-test-x', 'workspace.db'));
    const starting = mkdirSync(path.join(systemTmp, `${SUITE_ROOT_PREFIX}starting`), { recursive: true })!;
    const unrelated = mkdirSync(path.join(systemTmp, 'someone-else'), { recursive: true })!;
    await expect.poll(() => processesInside(killed).map((each) => each.pid)).toEqual([leftover.pid]);

    expect(sweepStaleRoots(systemTmp)).toEqual([killed]);
    expect(existsSync(killed)).toBe(false);
    expect(isAlive(leftover.pid!)).toBe(false);
    // Its owner is this process; the ownerless one is too new to be a killed run's.
    for (const kept of [mine, starting, unrelated]) expect(existsSync(kept)).toBe(true);
  });

  it('stops what runs inside the root on removal and says what it stopped', async () => {
    systemTmp = mkdtempSync(path.join(tmpdir(), 'suite-temp-test-'));
    const root = createSuiteRoot(systemTmp);
    const child = lingering(`--user-data-dir=${path.join(root, 'profile')}`);
    const outside = lingering(`${root}-not-inside`);
    try {
      // Until the children have exec'd, their command lines are still this process's.
      await expect.poll(() => processesInside(root).map((each) => each.pid)).toEqual([child.pid]);
      await expect.poll(() => processesInside(`${root}-not-inside`).map((each) => each.pid)).toEqual([outside.pid]);
      expect(removeSuiteRoot(root).map((each) => each.pid)).toEqual([child.pid]);
      expect(existsSync(root)).toBe(false);
      expect(isAlive(child.pid!)).toBe(false);
      expect(isAlive(outside.pid!)).toBe(true);
    } finally {
      outside.kill('SIGKILL');
    }
  });
});
