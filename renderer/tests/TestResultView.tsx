import type { RequestResult, TestDiff, TestFailure } from '../../shared/api/tests.js';
import { formatMs } from '../tester/answer-notes.js';

const CHECK_LABELS: Record<TestFailure['check'], string> = {
  run: 'Not run',
  status: 'Status',
  headers: 'Headers',
  body: 'Body (contains)',
  bodyEquals: 'Body (equals)',
  assert: 'Assertion',
  schema: 'JSON Schema',
  latency: 'Latency',
  save: 'Saved value',
};

const json = (value: unknown): string => (value === undefined ? '—' : JSON.stringify(value, null, 2));

/** `/user/name` as `user.name`; the body itself as "body". */
function where(diff: TestDiff, header: boolean): string {
  if (header) return diff.path;
  if (diff.path === '') return 'body';
  return diff.path.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')).map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/** Each difference as a line: what was expected there and what came. */
function DiffTable({ diff, header }: { diff: readonly TestDiff[]; header: boolean }) {
  return (
    <table className="test-diff" data-testid="test-diff">
      <thead>
        <tr>
          <th>Where</th>
          <th>Expected</th>
          <th>Actual</th>
        </tr>
      </thead>
      <tbody>
        {diff.map((line) => (
          <tr key={`${line.kind}${line.path}`} className={`diff-${line.kind}`} data-kind={line.kind}>
            <td className="mono">{where(line, header)}</td>
            <td className="mono diff-expected">{line.kind === 'unexpected' ? <span className="faint">not expected</span> : json(line.expected)}</td>
            <td className="mono diff-actual">{line.kind === 'missing' ? <span className="faint">missing</span> : json(line.actual)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FailureView({ failure }: { failure: TestFailure }) {
  const bodyCheck = failure.check === 'body' || failure.check === 'bodyEquals';
  return (
    <li className="test-failure" data-testid="test-failure" data-check={failure.check}>
      <div className="test-failure-head">
        <span className="badge badge-danger">{CHECK_LABELS[failure.check]}</span>
        <span className="test-failure-message">{failure.message}</span>
      </div>
      {failure.diff && failure.diff.length > 0 ? <DiffTable diff={failure.diff} header={failure.check === 'headers'} /> : null}
      {bodyCheck ? (
        <div className="test-sides">
          <figure>
            <figcaption>Expected</figcaption>
            <pre className="mono" data-testid="test-expected">{json(failure.expected)}</pre>
          </figure>
          <figure>
            <figcaption>Actual</figcaption>
            <pre className="mono" data-testid="test-actual">{json(failure.actual)}</pre>
          </figure>
        </div>
      ) : null}
    </li>
  );
}

/** One test's latest result: passed, or each failed check with expected, actual and the differences. */
export function TestResultView({ result }: { result: RequestResult }) {
  return (
    <div className="test-result" data-testid="test-result" data-passed={result.passed}>
      <div className="test-result-head">
        <span className={`test-mark ${result.passed ? 'is-passed' : 'is-failed'}`}>{result.passed ? '✓' : '✗'}</span>
        <strong className="ellipsis">{result.name}</strong>
        {result.response ? <span className="mono">→ {result.response.status}</span> : null}
        <span className="faint">{formatMs(result.durationMs)}</span>
        <span className="badge">{result.version === null ? 'not run' : result.version === 'draft' ? 'Draft' : `v${result.version}`} · {result.environment}</span>
      </div>
      {result.passed ? <p className="muted">Every expectation held.</p> : null}
      {result.failures.length > 0 ? (
        <ul className="test-failures">
          {result.failures.map((failure, index) => (
            <FailureView key={`${failure.check}${index}`} failure={failure} />
          ))}
        </ul>
      ) : null}
      {result.nodeError ? (
        <p className="test-node-error" data-testid="test-node-error">
          The step <span className="mono">{result.nodeError.key}</span> failed ({result.nodeError.code}): {result.nodeError.message}
        </p>
      ) : null}
      {result.response && !result.passed ? (
        <details className="test-response">
          <summary>Answer</summary>
          <pre className="mono">{json(result.response.body)}</pre>
        </details>
      ) : null}
    </div>
  );
}
