import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time a server spends, read from /proc (Linux): on a shared, loaded machine req/s swings with
 * the neighbours, while CPU time per request says what each request costs the server itself.
 */

/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const TICKS_PER_SECOND = 100;
const MICROSECONDS_PER_TICK = 1_000_000 / TICKS_PER_SECOND;

/** CPU microseconds of one process so far (user + system), or undefined where /proc cannot tell. */
function processCpu(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MICROSECONDS_PER_TICK;
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const listed = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (listed) children.push(...listed.split(' ').map(Number));
    }
  } catch {
    // gone, or no /proc: no children to count
  }
  return children;
}

/** CPU microseconds of a process (the listener) and, apart, of all its descendants (its workers). */
export type CpuSample = { own: number; descendants: number };

export function sampleCpu(pid: number): CpuSample | undefined {
  const own = processCpu(pid);
  if (own === undefined) return undefined;
  let descendants = 0;
  const pending = childrenOf(pid);
  while (pending.length > 0) {
    const child = pending.pop()!;
    descendants += processCpu(child) ?? 0;
    pending.push(...childrenOf(child));
  }
  return { own, descendants };
}

/** Microseconds of CPU per request between two samples, for the process and for its descendants. */
export function cpuPerRequest(before: CpuSample | undefined, after: CpuSample | undefined, requests: number): CpuSample | undefined {
  if (!before || !after || requests <= 0) return undefined;
  return { own: (after.own - before.own) / requests, descendants: (after.descendants - before.descendants) / requests };
}
