import { useEffect, useMemo, useState } from 'react';
import type { TestRunReport } from '../../shared/api/tests.js';
import type { CompileProblem } from '../../shared/compile/plan.js';
import { admin } from '../api/client.js';
import { AdminApiError, errorMessage } from '../api/errors.js';
import { Dialog } from '../layout/Dialog.js';
import { ProblemRows } from '../problems/ProblemRows.js';
import { environmentNames, useApis } from '../stores/apis.js';
import { flushSave } from '../stores/autosave.js';
import { useEditor } from '../stores/editor.js';
import { compileNow, useProblems } from '../stores/problems.js';
import { routeClashMessage, useRouteClash } from '../api-list/route-clash.js';
import { useSession } from '../stores/session.js';
import { useUi } from '../stores/ui.js';
import { failingTestsOf, PublishTestsWarning } from '../tests/PublishTestsWarning.js';
import { Icon } from '../theme/icons.js';
import { CopyButton } from './CopyButton.js';
import { VersionsList } from './VersionsList.js';

type Outcome = { kind: 'published'; url: string; environment: string; version: number } | { kind: 'problems'; problems: CompileProblem[] } | { kind: 'failed'; message: string };

const asProblems = (details: unknown): CompileProblem[] | null => (Array.isArray(details) ? (details as CompileProblem[]) : null);

/** Why the draft cannot be published as it is, or null. */
function publishBlocker(errorCount: number, clash: string | null): string | null {
  if (errorCount > 0) return `Fix ${errorCount === 1 ? 'the problem' : `the ${errorCount} problems`} first: a flow with errors cannot be published.`;
  return clash;
}

/** Publish the draft to an environment; with errors in the flow (or a route another API has) Publish stays off and says why. */
export function PublishDialog() {
  const open = useUi((state) => state.publishOpen);
  const setOpen = useUi((state) => state.setPublishOpen);
  const apiId = useEditor((state) => state.apiId);
  const environments = useApis((state) => state.environments);
  const runtimeUrl = useSession((state) => state.runtimeUrl);
  const names = useMemo(() => environmentNames(environments), [environments]);
  const [environment, setEnvironment] = useState('dev');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const [failingTests, setFailingTests] = useState<TestRunReport | null>(null);
  const problems = useProblems((state) => state.problems);
  const errors = useMemo(() => problems.filter((problem) => problem.severity === 'error'), [problems]);
  const clash = useRouteClash();
  const blocked = publishBlocker(errors.length, clash ? routeClashMessage(clash) : null);

  useEffect(() => {
    if (!open) return;
    setOutcome(null);
    setFailingTests(null);
    // The live check waits for a pause in typing; the dialog wants the verdict on the draft as it is now.
    compileNow();
  }, [open]);
  if (!apiId) return null;

  const publish = async (anyway = false): Promise<void> => {
    if (blocked) return;
    setBusy(true);
    setOutcome(null);
    try {
      await flushSave();
      const found = compileNow().filter((problem) => problem.severity === 'error');
      if (found.length > 0) return setOutcome({ kind: 'problems', problems: found });
      // Failing tests warn, and publishing anyway stays one click away.
      const failing = anyway ? null : await failingTestsOf(apiId);
      setFailingTests(failing);
      if (failing) return;
      const published = await admin.apis.publish({ params: { id: apiId }, body: { environment } });
      const path = useEditor.getState().endpoint.path;
      setOutcome({ kind: 'published', environment, version: published.version, url: `${runtimeUrl}/${environment}${path}` });
      setRefreshKey((key) => key + 1);
      await useApis.getState().refreshOne(apiId);
    } catch (failure) {
      const problems = failure instanceof AdminApiError && failure.code === 'invalid_flow' ? asProblems(failure.details) : null;
      setOutcome(problems ? { kind: 'problems', problems } : { kind: 'failed', message: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} title="Publish" onClose={() => setOpen(false)} onSubmit={() => void publish()} className="publish-dialog">
      <p className="muted">Publishing freezes the draft into a new version and serves it at once; requests in flight finish on the version they started on.</p>
      <div className="field">
        <span className="field-label">Environment</span>
        <div className="segmented" role="radiogroup" aria-label="Environment">
          {names.map((name) => (
            <label key={name} className={`segment ${environment === name ? 'selected' : ''}`}>
              <input type="radio" name="environment" value={name} checked={environment === name} onChange={() => setEnvironment(name)} className="visually-hidden" />
              {name}
            </label>
          ))}
        </div>
      </div>
      {outcome?.kind === 'published' ? (
        <div className="publish-success" data-testid="publish-success">
          <div className="row">
            <Icon name="check" className="success-icon" />
            <strong>
              v{outcome.version} is live in {outcome.environment}
            </strong>
          </div>
          <div className="row">
            <code className="grow ellipsis publish-url" data-testid="published-url">
              {outcome.url}
            </code>
            <CopyButton text={outcome.url} label="Copy URL" />
          </div>
        </div>
      ) : null}
      {outcome?.kind === 'problems' ? (
        <div className="publish-problems" data-testid="publish-problems">
          <p className="field-error">Not published: fix {outcome.problems.length === 1 ? 'this problem' : `these ${outcome.problems.length} problems`} first.</p>
          <div onClick={() => setOpen(false)}>
            <ProblemRows problems={outcome.problems} />
          </div>
        </div>
      ) : null}
      {outcome?.kind === 'failed' ? <p className="field-error">Not published: {outcome.message}</p> : null}
      {failingTests ? <PublishTestsWarning report={failingTests} environment={environment} busy={busy} onPublishAnyway={() => void publish(true)} /> : null}
      {blocked && outcome?.kind !== 'problems' ? (
        <div className="publish-problems" data-testid="publish-blocked">
          <p className="field-error">{blocked}</p>
          {errors.length > 0 ? (
            <div onClick={() => setOpen(false)}>
              <ProblemRows problems={errors} />
            </div>
          ) : null}
        </div>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          Close
        </button>
        {/* A disabled button shows no tooltip in every browser: the reason sits on its wrapper. */}
        <span title={blocked ?? undefined} data-testid="publish-blocked-reason" data-reason={blocked ?? ''}>
          <button type="submit" className="btn btn-primary" disabled={busy || blocked !== null} data-testid="publish-confirm">
            <Icon name="rocket" /> {busy ? 'Publishing…' : `Publish to ${environment}`}
          </button>
        </span>
      </div>
      <h3 className="section-title">Versions</h3>
      <VersionsList apiId={apiId} environments={names} refreshKey={refreshKey} />
    </Dialog>
  );
}
