import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive, processesInside, processesWithTmpdir, stopProcesses, type RunningProcess } from './leftover-processes.js';

/** Every temp folder of one test run lives under one root named so; its owner's PID is written inside. */
export const SUITE_ROOT_PREFIX = 'flowgate-suite-';
const OWNER_FILE = 'owner.pid';
/** A root without an owner file this old was left by a run killed between creating it and writing the file. */
const OWNERLESS_STALE_MS = 60_000;
const REMOVE_RETRIES = 5;

/** Makes this run's root in `systemTmp` and records this process as its owner. */
export function createSuiteRoot(systemTmp: string): string {
  const root = mkdtempSync(path.join(systemTmp, SUITE_ROOT_PREFIX));
  writeFileSync(path.join(root, OWNER_FILE), `${process.pid} ${startTimeOf(process.pid) ?? ''}\n`);
  return root;
}

/**
 * Stops what still runs inside the root, then removes it; returns what had to be stopped. `interrupted`: the run
 * was cut short (Ctrl+C, SIGTERM), so its test workers, still running and making folders, are stopped too.
 */
export function removeSuiteRoot(root: string, interrupted = false): RunningProcess[] {
  const byPid = new Map([...(interrupted ? processesWithTmpdir(root) : []), ...processesInside(root)].map((each) => [each.pid, each]));
  const leftovers = [...byPid.values()];
  stopProcesses(leftovers);
  rmSync(root, { recursive: true, force: true, maxRetries: REMOVE_RETRIES });
  return leftovers;
}

/** Removes the roots of earlier runs whose owner is gone (killed with SIGKILL, or a crashed machine), and anything still running in them. */
export function sweepStaleRoots(systemTmp: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(systemTmp)) {
    if (!name.startsWith(SUITE_ROOT_PREFIX)) continue;
    const root = path.join(systemTmp, name);
    if (!isStale(root)) continue;
    // Its owner is gone; its workers may not be, orphaned and still making folders.
    removeSuiteRoot(root, true);
    removed.push(root);
  }
  return removed;
}

function isStale(root: string): boolean {
  let owner: string;
  try {
    owner = readFileSync(path.join(root, OWNER_FILE), 'utf8');
  } catch {
    try {
      return Date.now() - statSync(root).mtimeMs > OWNERLESS_STALE_MS;
    } catch {
      return false; // removed meanwhile by its owner
    }
  }
  const [pid, startTime] = owner.trim().split(' ');
  if (!isAlive(Number(pid))) return true;
  // A live process with another start time took over a dead owner's PID.
  return Boolean(startTime) && startTimeOf(Number(pid)) !== startTime;
}

/** The process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat), or null without /proc. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
