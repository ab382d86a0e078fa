import type { LastTestRun, RequestResult, TestRunReport } from '../../shared/api/tests.js';

/** Each API's share of a run: how its tests and suite steps went, and its coverage (the draft's when it ran). */
export function lastRunsOf(report: TestRunReport): LastTestRun[] {
  const requests: RequestResult[] = [...report.tests, ...report.suites.flatMap((suite) => suite.steps)];
  const byApi = new Map<string, LastTestRun>();
  for (const request of requests) {
    let last = byApi.get(request.apiId);
    if (!last) {
      const coverage = report.coverage.find((entry) => entry.apiId === request.apiId) ?? null;
      last = { apiId: request.apiId, at: report.startedAt, target: report.target, passed: 0, failed: 0, coverage };
      byApi.set(request.apiId, last);
    }
    if (request.passed) last.passed += 1;
    else last.failed += 1;
  }
  return [...byApi.values()];
}
