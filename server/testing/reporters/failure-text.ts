import type { RequestResult, TestDiff } from '../../../shared/api/tests.js';
import { describePath } from '../diff.js';
import { preview } from '../expectations.js';

/** A failed request in plain lines: each failed check, each difference, the node that failed. */
export function failureDetails(result: RequestResult): string[] {
  const lines: string[] = [];
  for (const failure of result.failures) {
    lines.push(`${failure.check}: ${failure.message}`);
    for (const diff of failure.diff ?? []) lines.push(`  ${diffLine(diff, failure.check === 'headers')}`);
  }
  if (result.nodeError) lines.push(`node "${result.nodeError.key}" failed (${result.nodeError.code}): ${result.nodeError.message}`);
  if (result.requestId) lines.push(`request id: ${result.requestId}`);
  return lines;
}

export function diffLine(diff: TestDiff, header = false): string {
  const where = header ? diff.path : describePath(diff.path);
  if (diff.kind === 'missing') return `- ${where}: expected ${preview(diff.expected)}, missing`;
  if (diff.kind === 'unexpected') return `+ ${where}: ${preview(diff.actual)}, not expected`;
  return `~ ${where}: expected ${preview(diff.expected)}, got ${preview(diff.actual)}`;
}
