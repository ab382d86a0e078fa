import { useEffect, useState } from 'react';
import type { ApiTest } from '../../shared/model/api-tests.js';
import { errorMessage } from '../api/errors.js';
import { ConfirmDialog } from '../layout/Dialog.js';
import { ErrorNote } from '../panels/common/ui.js';
import { useEditor } from '../stores/editor.js';
import { useUi } from '../stores/ui.js';
import { formatMs } from '../tester/answer-notes.js';
import { Icon } from '../theme/icons.js';
import { useCoverage } from './coverage-store.js';
import { CoverageSummary } from './CoverageSummary.js';
import { SuiteResults } from './SuiteResults.js';
import { SuitesSection } from './SuitesSection.js';
import { useSuites } from './suites-store.js';
import { TestResultView } from './TestResultView.js';
import { failedTestIds, useTests } from './tests-store.js';
import { TestsViewSwitch } from './TestsViewSwitch.js';

/** The bottom area's Tests tab: the open API's tests or the workspace's suites. */
export function TestsPanel() {
  const view = useSuites((state) => state.view);
  useEffect(() => {
    if (!useSuites.getState().loaded) void useSuites.getState().load();
  }, []);
  return <div className="tests-panel" data-testid="tests-panel">{view === 'suites' ? <SuitesSection /> : <ApiTests />}</div>;
}

/** The open API's tests, run one or all, each result with its diff, and coverage. */
function ApiTests() {
  const apiId = useEditor((state) => state.apiId);
  const { tests, loadError, running, report, results, runError, selectedId } = useTests();
  const coverage = useCoverage((state) => (apiId ? state.byApi.get(apiId) : undefined));
  const [deleting, setDeleting] = useState<ApiTest | null>(null);

  useEffect(() => {
    if (apiId) void useTests.getState().load(apiId);
  }, [apiId]);

  if (!apiId) {
    return (
      <>
        <div className="tests-toolbar">
          <TestsViewSwitch />
        </div>
        <div className="empty-state compact">Open an API to see its tests, or choose Suites to see the journeys across APIs.</div>
      </>
    );
  }
  const failed = failedTestIds(results, tests);
  const selected = tests.find((test) => test.id === selectedId);
  const selectedResult = selected ? results[selected.id] : undefined;
  const ran = tests.filter((test) => results[test.id] !== undefined);
  const passedCount = ran.filter((test) => results[test.id]!.passed).length;
  const run = useTests.getState().run;

  return (
    <>
      <div className="tests-toolbar">
        <TestsViewSwitch />
        <button type="button" className="btn btn-primary btn-sm" disabled={running || tests.length === 0} onClick={() => void run({ apiIds: [apiId] })} data-testid="tests-run-all">
          <Icon name="send" size={13} /> {running ? 'Running…' : 'Run all'}
        </button>
        <button type="button" className="btn btn-sm" disabled={running || failed.length === 0} onClick={() => void run({ testIds: failed })} data-testid="tests-rerun-failed">
          Re-run failed{failed.length > 0 ? ` (${failed.length})` : ''}
        </button>
        <button type="button" className="btn btn-ghost btn-sm" disabled={running} onClick={() => void run({})} title="Every test and suite of the workspace" data-testid="tests-run-workspace">
          Run every API
        </button>
        {ran.length > 0 ? (
          <span className="tests-summary" data-testid="tests-summary">
            <span className="tone-ok">{passedCount} passed</span>
            {ran.length - passedCount > 0 ? <span className="tone-bad"> · {ran.length - passedCount} failed</span> : null}
            {report ? <span className="faint"> · {formatMs(report.durationMs)}</span> : null}
          </span>
        ) : null}
      </div>
      {loadError ? <ErrorNote onRetry={() => void useTests.getState().load(apiId)}>Could not list the tests: {loadError}</ErrorNote> : null}
      {runError ? <ErrorNote>The run failed: {runError}</ErrorNote> : null}
      <div className="tests-split">
        <div className="tests-list scroll">
          {tests.length === 0 ? (
            <p className="faint tests-empty">
              No tests yet. Send a request in the <strong>Tester</strong> and press <strong>Save as test</strong> on its answer, or save a row of the <strong>Requests</strong> log.
            </p>
          ) : (
            <ul>
              {tests.map((test) => {
                const result = results[test.id];
                const state = result === undefined ? 'not-run' : result.passed ? 'passed' : 'failed';
                return (
                  <li key={test.id} className={`test-row is-${state} ${selectedId === test.id ? 'selected' : ''}`} data-testid="test-row" data-test-name={test.name} data-state={state}>
                    <button type="button" className="test-row-main" onClick={() => useTests.getState().select(test.id)} title={test.name}>
                      <span className={`test-mark is-${state}`} aria-label={state}>{state === 'passed' ? '✓' : state === 'failed' ? '✗' : '○'}</span>
                      <span className="ellipsis grow">{test.name}</span>
                      {result?.response ? <span className="mono faint">{result.response.status}</span> : null}
                      {result ? <span className="faint">{formatMs(result.durationMs)}</span> : null}
                    </button>
                    <button type="button" className="btn btn-ghost btn-sm btn-icon" title="Run this test" aria-label={`Run ${test.name}`} disabled={running} onClick={() => void run({ testIds: [test.id] }).then(() => useTests.getState().select(test.id))} data-testid="test-run-one">
                      <Icon name="send" size={13} />
                    </button>
                    <button type="button" className="btn btn-ghost btn-sm btn-icon" title="Delete this test" aria-label={`Delete ${test.name}`} onClick={() => setDeleting(test)}>
                      <Icon name="trash" size={13} />
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        <section className="tests-detail scroll" aria-label="Result">
          {selectedResult ? <TestResultView result={selectedResult} /> : selected ? <p className="faint">Not run yet in this session: press the run button beside it.</p> : null}
          {coverage ? <CoverageSummary coverage={coverage} /> : !selected ? <p className="faint">Run the tests to see which parts of the flow they reach.</p> : null}
          {report && report.suites.length > 0 ? <SuiteResults suites={report.suites} /> : null}
        </section>
      </div>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete test"
        message={deleting ? `Delete “${deleting.name}”? Its expectations go with it.` : ''}
        confirmLabel="Delete"
        danger
        onClose={() => setDeleting(null)}
        onConfirm={() => {
          const test = deleting;
          setDeleting(null);
          if (test) useTests.getState().remove(test).catch((failure: unknown) => useUi.getState().toast(`Could not delete the test: ${errorMessage(failure)}`, 'error'));
        }}
      />
    </>
  );
}

/** A dot on the tab while the open API has failing tests. */
export function TestsBadge() {
  const failing = useTests((state) => failedTestIds(state.results, state.tests).length);
  return failing > 0 ? <span className="badge badge-danger" data-testid="tests-badge">{failing}</span> : null;
}
