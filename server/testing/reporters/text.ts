import type { ApiCoverage, RequestResult, TestRunReport } from '../../../shared/api/tests.js';
import { failureDetails } from './failure-text.js';

const formatMs = (ms: number): string => (ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);

/** The run for a person at a terminal: a line per request, what failed and why, coverage, a summary. */
export function textReport(report: TestRunReport): string {
  const lines: string[] = [];
  const byApi = new Map<string, RequestResult[]>();
  for (const test of report.tests) byApi.set(test.apiName, [...(byApi.get(test.apiName) ?? []), test]);
  for (const [api, results] of byApi) {
    lines.push(api);
    for (const result of results) lines.push(...resultLines(result, '  '));
  }
  for (const suite of report.suites) {
    lines.push(`Suite: ${suite.name}`);
    for (const step of suite.steps) lines.push(...resultLines(step, '  ', `${step.apiName} › `));
  }
  if (report.coverage.length > 0) {
    lines.push('', 'Coverage');
    for (const coverage of report.coverage) lines.push(...coverageLines(coverage));
  }
  if (report.total === 0) lines.push('No tests ran: save some from the tester, or POST /admin/v1/apis/:id/tests.');
  const target = typeof report.target === 'number' ? `version ${report.target}` : report.target;
  lines.push('', `${report.passed} passed, ${report.failed} failed, ${report.total} in all (${target}) in ${formatMs(report.durationMs)}`);
  return `${lines.join('\n')}\n`;
}

function resultLines(result: RequestResult, indent: string, prefix = ''): string[] {
  const mark = result.passed ? '✓' : '✗';
  const status = result.response ? ` → ${result.response.status}` : '';
  const head = `${indent}${mark} ${prefix}${result.name}${status} (${formatMs(result.durationMs)})`;
  return result.passed ? [head] : [head, ...failureDetails(result).map((line) => `${indent}    ${line}`)];
}

function coverageLines(coverage: ApiCoverage): string[] {
  const version = coverage.version === 'draft' ? 'draft' : `v${coverage.version}`;
  const head = `  ${coverage.apiName} (${version}): ${coverage.percent}% of branches (${coverage.edgesTaken}/${coverage.edgesTotal} edges, ${coverage.nodesReached}/${coverage.nodesTotal} nodes)`;
  return [head, ...coverage.untaken.map((branch) => `    untested: ${branch.key} → ${branch.port}${branch.nodeReached ? '' : ' (the node never ran)'}`)];
}
