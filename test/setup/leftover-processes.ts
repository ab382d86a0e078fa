import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export type RunningProcess = { pid: number; command: string };

/** How long a leftover gets to exit on SIGTERM before it is killed. */
const GRACE_MS = 3_000;
const POLL_MS = 50;

/**
 * Processes whose command line names a path inside `dir`: a `flowgate serve --db`, a browser's profile,
 * an embedded database's data folder. Read from /proc, so on a system without it (macOS) the list is empty.
 */
export function processesInside(dir: string): RunningProcess[] {
  const inside = `${dir}${path.sep}`;
  return runningProcesses().filter((each) => each.args.some((arg) => arg === dir || arg.includes(inside))).map(withCommand);
}

/** Processes started with TMPDIR set to `dir`: the run's test workers and everything they started. */
export function processesWithTmpdir(dir: string): RunningProcess[] {
  const setting = `TMPDIR=${dir}`;
  return runningProcesses()
    .filter((each) => {
      try {
        return readFileSync(`/proc/${each.pid}/environ`, 'utf8').split('\0').includes(setting);
      } catch {
        return false;
      }
    })
    .map(withCommand);
}

function runningProcesses(): { pid: number; args: string[] }[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: { pid: number; args: string[] }[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      found.push({ pid, args: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean) });
    } catch {
      // gone already, or not ours to read
    }
  }
  return found;
}

const withCommand = ({ pid, args }: { pid: number; args: string[] }): RunningProcess => ({ pid, command: args.join(' ') });

/** SIGTERM (or `signal`: postgres' fast shutdown is SIGINT), a grace period, then SIGKILL; synchronous, so it also works in an 'exit' handler. */
export function stopProcesses(processes: readonly RunningProcess[], signal: NodeJS.Signals = 'SIGTERM', graceMs = GRACE_MS): void {
  signalAll(processes, signal);
  const deadline = Date.now() + graceMs;
  while (processes.some((each) => isAlive(each.pid)) && Date.now() < deadline) sleepSync(POLL_MS);
  signalAll(processes.filter((each) => isAlive(each.pid)), 'SIGKILL');
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An exited child not yet reaped by its parent still answers signal 0; it holds nothing any more. */
function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function signalAll(processes: readonly RunningProcess[], signal: NodeJS.Signals): void {
  for (const each of processes) {
    try {
      process.kill(each.pid, signal);
    } catch {
      // exited meanwhile
    }
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
