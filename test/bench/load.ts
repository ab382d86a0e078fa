import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type LoadResult = { requestsPerSecond: number; p50Ms: number; p99Ms: number; errors: number };
export type LoadOptions = { url: string; connections: number; seconds: number; headers: Record<string, string> };

export async function hasWrk(): Promise<boolean> {
  try {
    await run('wrk', ['--version']).catch((error: { stdout?: string }) => {
      if (!error.stdout?.includes('wrk')) throw error;
    });
    return true;
  } catch {
    return false;
  }
}

/** wrk is a C load generator: it leaves the second core to the server instead of competing for it as a Node client would. */
export async function wrk(options: LoadOptions): Promise<LoadResult> {
  const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--latency'];
  for (const [name, value] of Object.entries(options.headers)) args.push('-H', `${name}: ${value}`);
  const { stdout } = await run('wrk', [...args, options.url], { timeout: (options.seconds + 30) * 1000 });
  const number = (pattern: RegExp): number => Number(pattern.exec(stdout)?.[1] ?? NaN);
  const latency = (percentile: string): number => {
    const match = new RegExp(`^\\s*${percentile}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(stdout);
    if (!match) return NaN;
    const value = Number(match[1]);
    return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
  };
  const errors = number(/Non-2xx or 3xx responses:\s+(\d+)/) || 0;
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const socketErrorCount = socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return { requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/), p50Ms: latency('50'), p99Ms: latency('99'), errors: errors + socketErrorCount };
}

/** The fallback where wrk is not installed (`apt-get install wrk`): autocannon, in this process. */
export async function autocannon(options: LoadOptions): Promise<LoadResult> {
  const { default: autocannonRun } = await import('autocannon');
  const result = await autocannonRun({ url: options.url, connections: options.connections, duration: options.seconds, headers: options.headers });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}
