import { useEffect, useMemo, useState } from 'react';
import type { CompileProblem } from '../../shared/compile/plan.js';
import { admin } from '../api/client.js';
import { AdminApiError, errorMessage } from '../api/errors.js';
import { Dialog } from '../layout/Dialog.js';
import { ProblemRows } from '../problems/ProblemRows.js';
import { environmentNames, useApis } from '../stores/apis.js';
import { flushSave } from '../stores/autosave.js';
import { useEditor } from '../stores/editor.js';
import { compileNow } from '../stores/problems.js';
import { useSession } from '../stores/session.js';
import { useUi } from '../stores/ui.js';
import { Icon } from '../theme/icons.js';
import { CopyButton } from './CopyButton.js';
import { VersionsList } from './VersionsList.js';

type Outcome = { kind: 'published'; url: string; environment: string; version: number } | { kind: 'problems'; problems: CompileProblem[] } | { kind: 'failed'; message: string };

const asProblems = (details: unknown): CompileProblem[] | null => (Array.isArray(details) ? (details as CompileProblem[]) : null);

/** Publish the draft to an environment; problems are listed instead when there are any. */
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

  useEffect(() => {
    if (open) setOutcome(null);
  }, [open]);
  if (!apiId) return null;

  const publish = async (): Promise<void> => {
    setBusy(true);
    setOutcome(null);
    try {
      await flushSave();
      const problems = compileNow().filter((problem) => problem.severity === 'error');
      if (problems.length > 0) return setOutcome({ kind: 'problems', problems });
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
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          Close
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="publish-confirm">
          <Icon name="rocket" /> {busy ? 'Publishing…' : `Publish to ${environment}`}
        </button>
      </div>
      <h3 className="section-title">Versions</h3>
      <VersionsList apiId={apiId} environments={names} refreshKey={refreshKey} />
    </Dialog>
  );
}
