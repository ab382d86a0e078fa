import type { SuiteResult } from '../../shared/api/tests.js';
import { formatMs } from '../tester/answer-notes.js';
import { TestResultView } from './TestResultView.js';

/** The latest run's suites: each step in order, a failed one opened to its diff. */
export function SuiteResults({ suites }: { suites: readonly SuiteResult[] }) {
  return (
    <section className="tests-suites" data-testid="tests-suites">
      <h3 className="section-title">Suites</h3>
      {suites.map((suite) => (
        <details key={suite.suiteId} className="suite-result" open={!suite.passed} data-passed={suite.passed}>
          <summary>
            <span className={`test-mark ${suite.passed ? 'is-passed' : 'is-failed'}`}>{suite.passed ? '✓' : '✗'}</span> {suite.name}{' '}
            <span className="faint">
              {suite.steps.length} steps · {formatMs(suite.durationMs)}
            </span>
          </summary>
          <ol>
            {suite.steps.map((step, index) => (
              <li key={`${step.name}${index}`}>{step.passed ? <span className="tone-ok">✓ {step.apiName} › {step.name}</span> : <TestResultView result={step} />}</li>
            ))}
          </ol>
        </details>
      ))}
    </section>
  );
}
