import { useEffect, useState } from 'react';
import type { TestSuite } from '../../shared/model/api-tests.js';
import { errorMessage } from '../api/errors.js';
import { ConfirmDialog } from '../layout/Dialog.js';
import { ErrorNote } from '../panels/common/ui.js';
import { useUi } from '../stores/ui.js';
import { Icon } from '../theme/icons.js';
import { SuiteEditor } from './SuiteEditor.js';
import { SuiteResults } from './SuiteResults.js';
import { useSuites } from './suites-store.js';
import { TestsViewSwitch } from './TestsViewSwitch.js';

/** The Tests tab's Suites: every suite with its steps and latest result; new, edit, run one or all, delete. */
export function SuitesSection() {
  const { suites, loaded, loadError, results, running, runError, selectedId, editing } = useSuites();
  const [deleting, setDeleting] = useState<TestSuite | null>(null);

  useEffect(() => {
    void useSuites.getState().load();
  }, []);

  const store = useSuites.getState();
  const ran = suites.filter((suite) => results[suite.id] !== undefined);
  const passedCount = ran.filter((suite) => results[suite.id]!.passed).length;
  const selected = suites.find((suite) => suite.id === selectedId);
  const selectedResult = selected ? results[selected.id] : undefined;
  const editedSuite = editing?.suiteId ? (suites.find((suite) => suite.id === editing.suiteId) ?? null) : null;

  return (
    <>
      <div className="tests-toolbar">
        <TestsViewSwitch />
        <button type="button" className="btn btn-primary btn-sm" onClick={() => store.openEditor(null)} data-testid="suite-new">
          <Icon name="plus" size={13} /> New suite
        </button>
        <button type="button" className="btn btn-sm" disabled={running || suites.length === 0} onClick={() => void store.run(suites.map((suite) => suite.id))} data-testid="suites-run-all">
          <Icon name="send" size={13} /> {running ? 'Running…' : 'Run all suites'}
        </button>
        {ran.length > 0 ? (
          <span className="tests-summary" data-testid="suites-summary">
            <span className="tone-ok">{passedCount} passed</span>
            {ran.length - passedCount > 0 ? <span className="tone-bad"> · {ran.length - passedCount} failed</span> : null}
          </span>
        ) : null}
      </div>
      {loadError ? <ErrorNote onRetry={() => void store.load()}>Could not list the suites: {loadError}</ErrorNote> : null}
      {runError ? <ErrorNote>The run failed: {runError}</ErrorNote> : null}
      <div className="tests-split suites-split">
        <div className="tests-list scroll">
          {loaded && suites.length === 0 ? (
            <p className="faint tests-empty">
              No suites yet. A suite calls APIs in order in one throwaway copy of the data, each step passing values on to the next (an id it created, a token it got). Press <strong>New suite</strong>.
            </p>
          ) : (
            <ul aria-label="Suites">
              {suites.map((suite) => {
                const result = results[suite.id];
                const state = result === undefined ? 'not-run' : result.passed ? 'passed' : 'failed';
                return (
                  <li key={suite.id} className={`test-row is-${state} ${selectedId === suite.id ? 'selected' : ''}`} data-testid="suite-row" data-suite-name={suite.name} data-state={state}>
                    <button type="button" className="test-row-main" onClick={() => store.select(suite.id)} title={suite.description || suite.name}>
                      <span className={`test-mark is-${state}`} aria-label={state}>{state === 'passed' ? '✓' : state === 'failed' ? '✗' : '○'}</span>
                      <span className="ellipsis grow">{suite.name}</span>
                      <span className="faint">
                        {suite.steps.length} step{suite.steps.length === 1 ? '' : 's'}
                      </span>
                    </button>
                    <button type="button" className="btn btn-ghost btn-sm btn-icon" title="Run this suite" aria-label={`Run ${suite.name}`} disabled={running} onClick={() => void store.run([suite.id]).then(() => store.select(suite.id))} data-testid="suite-run-one">
                      <Icon name="send" size={13} />
                    </button>
                    <button type="button" className="btn btn-ghost btn-sm btn-icon" title="Edit this suite" aria-label={`Edit ${suite.name}`} onClick={() => store.openEditor(suite.id)} data-testid="suite-edit">
                      <Icon name="pencil" size={13} />
                    </button>
                    <button type="button" className="btn btn-ghost btn-sm btn-icon" title="Delete this suite" aria-label={`Delete ${suite.name}`} onClick={() => setDeleting(suite)} data-testid="suite-delete">
                      <Icon name="trash" size={13} />
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        <section className="tests-detail scroll" aria-label="Suite result">
          {selectedResult ? (
            <SuiteResults suites={[selectedResult]} title="Latest run" opened />
          ) : selected ? (
            <p className="faint">“{selected.name}” has not run in this session: press the run button beside it.</p>
          ) : (
            <p className="faint">Select a suite to see its latest run, or edit it to change its steps.</p>
          )}
        </section>
      </div>
      {editing ? <SuiteEditor key={editing.suiteId ?? 'new'} suite={editedSuite} /> : null}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete suite"
        message={deleting ? `Delete “${deleting.name}”? Its ${deleting.steps.length} step${deleting.steps.length === 1 ? '' : 's'} go with it; the APIs and their tests stay.` : ''}
        confirmLabel="Delete"
        danger
        onClose={() => setDeleting(null)}
        onConfirm={() => {
          const suite = deleting;
          setDeleting(null);
          if (suite) store.remove(suite).catch((failure: unknown) => useUi.getState().toast(`Could not delete the suite: ${errorMessage(failure)}`, 'error'));
        }}
      />
    </>
  );
}
