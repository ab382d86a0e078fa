import { CONFLICT_ACTIONS, WORKSPACE_FILE_NOTE, type ConflictAction, type ImportItem, type ImportPlan } from '../../../shared/model/workspace-file.js';
import { Dialog } from '../../layout/Dialog.js';
import { ErrorNote, Loading } from '../common/ui.js';
import type { ImportState } from './useImport.js';

type Props = {
  state: ImportState;
  onConflict: ConflictAction;
  resolutions: Record<string, ConflictAction>;
  onDefault: (choice: ConflictAction) => void;
  onResolve: (key: string, choice: ConflictAction) => void;
  onApply: () => void;
  onClose: () => void;
};

/** What each choice does, in the words of what is in conflict (environments are merged, never renamed). */
const ACTION_LABELS: Record<ImportItem['kind'], Record<ConflictAction, string>> = {
  api: { rename: 'Keep both (rename)', replace: 'Replace', skip: 'Skip' },
  keyGroup: { rename: 'New group (renamed)', replace: 'Use existing, file’s description', skip: 'Use existing' },
  environment: { rename: 'Add missing variables', replace: 'File’s values win', skip: 'Leave as it is' },
};
const KIND_LABELS: Record<ImportItem['kind'], string> = { api: 'API', environment: 'Environment', keyGroup: 'Key group' };

/** The dry run's plan: each conflict with its choice, what will happen to everything else, then Import. */
export function ImportDialog({ state, onConflict, resolutions, onDefault, onResolve, onApply, onClose }: Props) {
  const open = state.step !== 'idle';
  const title = state.step === 'idle' ? 'Import' : `Import ${state.fileName}`;
  return (
    <Dialog open={open} title={title} onClose={onClose} onSubmit={onApply} className="import-dialog">
      {state.step === 'checking' ? <Loading label="Checking the file…" /> : null}
      {state.step === 'failed' ? (
        <div className="import-failed" data-testid="import-error">
          <ErrorNote>{state.message}</ErrorNote>
          {state.details.length > 0 ? (
            <ul className="import-issues">
              {state.details.map((detail) => (
                <li key={detail}>
                  <code>{detail}</code>
                </li>
              ))}
            </ul>
          ) : null}
          <p className="faint">Nothing was changed.</p>
        </div>
      ) : null}
      {state.step === 'planned' ? <PlanView plan={state.plan} onConflict={onConflict} resolutions={resolutions} onDefault={onDefault} onResolve={onResolve} /> : null}
      <p className="faint import-note">{WORKSPACE_FILE_NOTE}</p>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {state.step === 'failed' ? 'Close' : 'Cancel'}
        </button>
        {state.step === 'planned' ? (
          <button type="submit" className="btn btn-primary" disabled={state.busy || !state.plan.ok} data-testid="import-apply">
            {state.busy ? 'Importing…' : 'Import'}
          </button>
        ) : null}
      </div>
    </Dialog>
  );
}

type PlanProps = Omit<Props, 'state' | 'onApply' | 'onClose'> & { plan: ImportPlan };

function PlanView({ plan, onConflict, resolutions, onDefault, onResolve }: PlanProps) {
  return (
    <div className="import-plan" data-testid="import-plan">
      {plan.blocking.map((problem) => (
        <ErrorNote key={problem}>{problem}</ErrorNote>
      ))}
      {plan.conflicts.length > 0 ? (
        <section className="import-conflicts">
          <div className="row">
            <h3 className="section-title grow">
              {plan.conflicts.length} already in this workspace
            </h3>
            <select className="select import-default" aria-label="For every conflict" value={onConflict} onChange={(event) => onDefault(event.target.value as ConflictAction)}>
              {CONFLICT_ACTIONS.map((action) => (
                <option key={action} value={action}>
                  All: {ACTION_LABELS.api[action]}
                </option>
              ))}
            </select>
          </div>
          <ul className="import-list">
            {plan.conflicts.map((conflict) => (
              <li key={conflict.key} className="import-conflict" data-testid="import-conflict">
                <div className="grow">
                  <strong>{conflict.name}</strong> <span className="badge">{KIND_LABELS[conflict.kind]}</span>
                  <div className="faint">{conflict.reason}</div>
                </div>
                <select className="select" aria-label={`What to do with ${conflict.name}`} value={resolutions[conflict.key] ?? conflict.action} onChange={(event) => onResolve(conflict.key, event.target.value as ConflictAction)}>
                  {CONFLICT_ACTIONS.map((action) => (
                    <option key={action} value={action}>
                      {ACTION_LABELS[conflict.kind][action]}
                    </option>
                  ))}
                </select>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section>
        <h3 className="section-title">What will happen</h3>
        <ul className="import-list">
          {plan.items.map((item, index) => (
            <li key={`${item.kind} ${item.name} ${index}`} className="import-item">
              <span className={`badge import-action import-action-${item.action}`}>{item.action}</span>
              <div className="grow">
                <span className="faint">{KIND_LABELS[item.kind]}</span> <strong>{item.newName ?? item.name}</strong>
                {item.route ? <code className="import-route"> {item.route}</code> : null}
                {item.deploys && item.deploys.length > 0 ? <div className="faint">deployed to {item.deploys.join(', ')}</div> : null}
                {item.notes.map((note) => (
                  <div key={note} className="faint">
                    {note}
                  </div>
                ))}
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
