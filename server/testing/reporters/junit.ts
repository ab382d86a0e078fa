import type { RequestResult, TestRunReport } from '../../../shared/api/tests.js';
import { failureDetails } from './failure-text.js';

const MS_PER_SECOND = 1000;

/** Characters XML 1.0 cannot carry at all, even escaped: they are dropped. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const seconds = (ms: number): string => (ms / MS_PER_SECOND).toFixed(3);

type Group = { name: string; results: readonly RequestResult[]; durationMs: number };

/**
 * The run as JUnit XML, as CI servers read it: a <testsuite> per API (its tests) and per suite (its
 * steps), a <testcase> per request, a <failure> with every failed check and its diff.
 */
export function junitReport(report: TestRunReport): string {
  const byApi = new Map<string, RequestResult[]>();
  for (const test of report.tests) byApi.set(test.apiName, [...(byApi.get(test.apiName) ?? []), test]);
  const groups: Group[] = [
    ...[...byApi.entries()].map(([name, results]) => ({ name, results, durationMs: sum(results) })),
    ...report.suites.map((suite) => ({ name: `suite: ${suite.name}`, results: suite.steps, durationMs: suite.durationMs })),
  ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="flowgate" tests="${report.total}" failures="${report.failed}" errors="0" time="${seconds(report.durationMs)}" timestamp="${escapeXml(report.startedAt)}">`,
    ...groups.flatMap((group) => suiteLines(group, report.startedAt)),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

function suiteLines(group: Group, timestamp: string): string[] {
  const failures = group.results.filter((result) => !result.passed).length;
  return [
    `  <testsuite name="${escapeXml(group.name)}" tests="${group.results.length}" failures="${failures}" errors="0" skipped="0" time="${seconds(group.durationMs)}" timestamp="${escapeXml(timestamp)}">`,
    ...group.results.flatMap((result) => caseLines(group.name, result)),
    '  </testsuite>',
  ];
}

function caseLines(classname: string, result: RequestResult): string[] {
  const open = `    <testcase classname="${escapeXml(classname)}" name="${escapeXml(result.name)}" time="${seconds(result.durationMs)}"`;
  if (result.passed) return [`${open}/>`];
  const first = result.failures[0];
  return [
    `${open}>`,
    `      <failure message="${escapeXml(first?.message ?? 'failed')}" type="${escapeXml(first?.check ?? 'failed')}">${escapeXml(failureDetails(result).join('\n'))}</failure>`,
    '    </testcase>',
  ];
}

const sum = (results: readonly RequestResult[]): number => results.reduce((total, result) => total + result.durationMs, 0);
