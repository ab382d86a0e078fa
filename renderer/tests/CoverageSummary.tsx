import type { ApiCoverage, UntakenBranch } from '../../shared/api/tests.js';
import { useEditor } from '../stores/editor.js';
import { useCoverage } from './coverage-store.js';

/** "the false side of check", "user → missing": an untested branch in words. */
export function describeBranch(branch: UntakenBranch): string {
  const side = branch.port === 'true' || branch.port === 'false' ? `the ${branch.port} side of ${branch.key}` : `${branch.key} → ${branch.port}`;
  return branch.nodeReached ? side : `${side} (the step never ran)`;
}

/** The open API's coverage: how much of the flow the tests went through, and each branch none took (a click selects its step). */
export function CoverageSummary({ coverage }: { coverage: ApiCoverage }) {
  const visible = useCoverage((state) => state.visible);
  const setVisible = useCoverage((state) => state.setVisible);
  const selectNode = useEditor((state) => state.selectNode);
  return (
    <section className="tests-coverage" data-testid="tests-coverage" data-percent={coverage.percent}>
      <div className="row">
        <h3 className="section-title">Coverage</h3>
        <span className={`coverage-percent tone-${coverage.percent === 100 ? 'ok' : coverage.percent >= 50 ? 'warn' : 'bad'}`} data-testid="coverage-percent">
          {coverage.percent}%
        </span>
        <span className="faint">
          {coverage.edgesTaken}/{coverage.edgesTotal} branches · {coverage.nodesReached}/{coverage.nodesTotal} steps
        </span>
        <label className="checkbox tests-coverage-toggle">
          <input type="checkbox" checked={visible} onChange={(event) => setVisible(event.target.checked)} data-testid="coverage-toggle" /> On the canvas
        </label>
      </div>
      {coverage.untaken.length === 0 ? (
        <p className="muted">The tests took every branch of the flow.</p>
      ) : (
        <>
          <p className="muted">No test took {coverage.untaken.length === 1 ? 'this branch' : `these ${coverage.untaken.length} branches`} (outlined on the canvas):</p>
          <ul className="untested-branches">
            {coverage.untaken.map((branch) => (
              <li key={branch.edgeId}>
                <button type="button" className="link-button" onClick={() => selectNode(branch.nodeId)} data-testid="untested-branch" data-node-key={branch.key} data-port={branch.port}>
                  {describeBranch(branch)}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
