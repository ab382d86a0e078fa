import type { TestRunReport } from '../../shared/api/tests.js';
import { useUi } from '../stores/ui.js';
import { Icon } from '../theme/icons.js';
import { TestResultView } from './TestResultView.js';
import { useTests } from './tests-store.js';

/**
 * Before a publish: the API's tests (and the suites that call it) run against the draft; the report
 * when any failed, so Publish can warn first. Null when all passed, none exist, or they could not run.
 */
export async function failingTestsOf(apiId: string): Promise<TestRunReport | null> {
  const report = await useTests.getState().run({ apiIds: [apiId] });
  return report && report.failed > 0 ? report : null;
}

type Props = { report: TestRunReport; environment: string; busy: boolean; onPublishAnyway: () => void };

/** Publish's warning: which tests the draft fails and why, with publishing anyway still one click away. */
export function PublishTestsWarning({ report, environment, busy, onPublishAnyway }: Props) {
  const failed = [...report.tests, ...report.suites.flatMap((suite) => suite.steps)].filter((result) => !result.passed);
  return (
    <div className="publish-tests" role="alert" data-testid="publish-tests-failed">
      <div className="row">
        <Icon name="alert-triangle" />
        <strong>
          The draft fails {failed.length} of its {report.total} test{report.total === 1 ? '' : 's'}
        </strong>
      </div>
      <div className="publish-tests-results">
        {failed.map((result, index) => (
          <TestResultView key={`${result.name}${index}`} result={result} />
        ))}
      </div>
      <div className="row">
        <button type="button" className="btn btn-sm" onClick={() => useUi.getState().openBottom('tests')}>
          Open the Tests tab
        </button>
        <button type="button" className="btn btn-danger btn-sm" disabled={busy} onClick={onPublishAnyway} data-testid="publish-anyway">
          Publish to {environment} anyway
        </button>
      </div>
    </div>
  );
}
