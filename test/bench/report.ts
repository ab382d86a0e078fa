import type { Target } from './targets.js';

/** cpuOwn: CPU µs per request of the process wrk talks to (the listener); cpuDescendants: of its children (flow workers, cluster workers). */
export type Summary = { target: Target; rps: number; p50: number; p99: number; errors: number; cpuOwn: number | undefined; cpuDescendants: number | undefined };

/** DESIGN.md "Speed": the secured API at half of bare node:http or better, at equal process count, with p99 within 10 ms. */
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 10;

/** The bare SQLite baseline with as many processes as the target, else the nearest below it. */
function baselineFor(target: Target, summary: Summary[]): Summary | undefined {
  const bare = summary.filter((row) => row.target.reference && row.target.processes <= target.processes);
  return bare.sort((a, b) => b.target.processes - a.target.processes)[0];
}

export function printReport(summary: Summary[]): void {
  console.log('\nMedian of the rounds (ratio: against bare node:http reading the record from SQLite with as many processes):\n');
  console.log('| target | processes | req/s | p50 ms | p99 ms | × bare | CPU µs/req (listener + workers) | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of summary) {
    const baseline = row.target.reference ? undefined : baselineFor(row.target, summary);
    const ratio = baseline ? (row.rps / baseline.rps).toFixed(2) : '';
    const cpu = row.cpuOwn === undefined ? '' : `${row.cpuOwn.toFixed(1)} + ${(row.cpuDescendants ?? 0).toFixed(1)}`;
    console.log(`| ${row.target.name} | ${row.target.processes} | ${row.rps.toFixed(0)} | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} | ${ratio} | ${cpu} | ${row.errors} |`);
  }
  console.log('');
  for (const row of summary.filter((r) => r.target.kind === 'secured')) {
    const baseline = baselineFor(row.target, summary);
    if (!baseline) continue;
    const ratio = row.rps / baseline.rps;
    const met = ratio >= TARGET_RATIO && row.p99 <= TARGET_P99_MS;
    console.log(
      `Target (≥ ${TARGET_RATIO} × bare, p99 ≤ ${TARGET_P99_MS} ms): ${row.target.name} → ${ratio.toFixed(2)}× ${baseline.target.name}, p99 ${row.p99.toFixed(2)} ms: ${met ? 'met' : 'NOT met'}`,
    );
  }
}
