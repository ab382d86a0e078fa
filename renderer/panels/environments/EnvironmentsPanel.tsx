import { useMemo, useState } from 'react';
import type { Environment } from '../../../shared/model/environment.js';
import { errorMessage } from '../../api/errors.js';
import { admin } from '../../api/client.js';
import { ConfirmDialog } from '../../layout/Dialog.js';
import { environmentNames, useApis } from '../../stores/apis.js';
import { Icon } from '../../theme/icons.js';
import { useAccess, useLoadAccess } from '../common/access-store.js';
import { PanelHeader } from '../common/ui.js';
import { CreateEnvironmentDialog } from './CreateEnvironmentDialog.js';
import { EnvironmentCard } from './EnvironmentCard.js';

/** Environments: where APIs are published (a URL prefix each), with variables flows read. */
export function EnvironmentsPanel() {
  useLoadAccess();
  const environments = useApis((state) => state.environments);
  const apis = useApis((state) => state.apis);
  const tokens = useAccess((state) => state.tokens);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Environment | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const ordered = useMemo(() => {
    const names = environmentNames(environments);
    return [...environments].sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  }, [environments]);

  const remove = async (environment: Environment): Promise<void> => {
    setBusy(true);
    setDeleteError(null);
    try {
      await admin.environments.delete({ params: { name: environment.name } });
      await useApis.getState().refreshEnvironments();
      setDeleting(null);
    } catch (failure) {
      setDeleteError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel" data-testid="environments-panel">
      <PanelHeader
        title="Environments"
        help="Each environment serves its own published versions under its own URL prefix, with its own tokens and variables."
        actions={
          <button type="button" className="btn btn-primary btn-sm" onClick={() => setCreating(true)} data-testid="create-environment">
            <Icon name="plus" /> New environment
          </button>
        }
      />
      <ul className="panel-list" aria-label="Environments">
        {ordered.map((environment) => (
          <EnvironmentCard
            key={environment.name}
            environment={environment}
            initiallyOpen={environment.name === created}
            published={apis.filter((api) => api.deployments.some((deployment) => deployment.environment === environment.name)).length}
            tokens={tokens.filter((token) => token.environment === environment.name).length}
            onDelete={(target) => {
              setDeleteError(null);
              setDeleting(target);
            }}
          />
        ))}
      </ul>
      {ordered.length === 1 ? <p className="field-help panel-tip">Add “staging” or “prod” to try changes in dev before they reach your users.</p> : null}
      <CreateEnvironmentDialog open={creating} onClose={() => setCreating(false)} onCreated={setCreated} />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? 'environment'}?`}
        message={
          <>
            Its variables go with it. An environment that still has published APIs or tokens cannot be deleted: unpublish them and delete its tokens first.
            {deleteError ? <span className="field-error confirm-error" role="alert" data-testid="environment-delete-error">{deleteError}</span> : null}
          </>
        }
        confirmLabel="Delete environment"
        danger
        busy={busy}
        onConfirm={() => deleting && void remove(deleting)}
        onClose={() => setDeleting(null)}
      />
    </div>
  );
}
