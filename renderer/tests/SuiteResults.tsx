import type { SuiteResult } from '../../shared/api/tests.js';
import { formatMs } from '../tester/answer-notes.js';
import { TestResultView } from './TestResultView.js';

type Props = { suites: readonly SuiteResult[]; title?: string; /** Every suite opened to its steps, passed or not. */ opened?: boolean };

/** The latest run's suites: each step in order, a failed one opened to its diff. */
export function SuiteResults({ suites, title = 'Suites', opened = false }: Props) {
  return (
    <section className="tests-suites" data-testid="tests-suites">
      <h3 className="section-title">{title}</h3>
      {suites.map((suite) => (
        <details key={suite.suiteId} className="suite-result" open={opened || !suite.passed} data-passed={suite.passed} data-suite-name={suite.name}>
          <summary>
            <span className={`test-mark ${suite.passed ? 'is-passed' : 'is-failed'}`}>{suite.passed ? '✓' : '✗'}</span> {suite.name}{' '}
            <span className="faint">
              {suite.steps.length} step{suite.steps.length === 1 ? '' : 's'} · {formatMs(suite.durationMs)}
            </span>
          </summary>
          <ol>
            {suite.steps.map((step, index) => (
              <li key={`${step.name}${index}`} data-testid="suite-step-result" data-passed={step.passed}>{step.passed ? <span className="tone-ok">✓ {step.apiName} › {step.name}</span> : <TestResultView result={step} />}</li>
            ))}
          </ol>
        </details>
      ))}
    </section>
  );
}
