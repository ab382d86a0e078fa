import { useState } from 'react';
import { Dialog } from '../../layout/Dialog.js';
import { useApis } from '../../stores/apis.js';
import { useAccess, useLoadAccess } from '../common/access-store.js';
import { PanelIcon } from '../common/icons.js';
import { ErrorNote, Loading, PanelEmpty, PanelHeader } from '../common/ui.js';
import { useLiveRoutes } from '../routes/useLiveRoutes.js';
import { AccessMatrix } from './AccessMatrix.js';

/** "Who can call what": every API in every environment, with the tokens that can call it, editable in place. */
export function AccessPanel() {
  useLoadAccess();
  const { routes, error, loading, refresh } = useLiveRoutes({ withDrafts: false });
  const apiCount = useApis((state) => state.apis.length);
  const accessError = useAccess((state) => state.error);
  const [wide, setWide] = useState(false);

  const refreshAll = (): void => {
    void refresh();
    void useAccess.getState().load();
  };
  const matrix = (isWide: boolean) => <AccessMatrix routes={routes ?? []} wide={isWide} onPublished={() => void refresh()} />;

  return (
    <div className="panel" data-testid="access-panel">
      <PanelHeader
        title="Who can call what"
        help="Each cell: the version live in that environment and who may call it. Changes go into the API's draft and apply once published."
        actions={
          <>
            <button type="button" className="btn btn-ghost btn-sm btn-icon" onClick={refreshAll} disabled={loading} aria-label="Refresh" title="Refresh">
              <PanelIcon name="refresh" size={14} className={loading ? 'spin' : ''} />
            </button>
            <button type="button" className="btn btn-sm" onClick={() => setWide(true)} disabled={apiCount === 0} data-testid="access-expand">
              <PanelIcon name="maximize-2" size={14} /> Expand
            </button>
          </>
        }
      />
      {error || accessError ? <ErrorNote onRetry={refreshAll}>Could not load everything: {error ?? accessError}</ErrorNote> : null}
      {apiCount === 0 ? (
        <PanelEmpty icon="grid" title="No APIs yet">
          Create an API and publish it: this matrix then shows, per environment, whether it needs a token and which tokens can call it.
        </PanelEmpty>
      ) : routes === null && !error ? (
        <Loading label="Asking the runtime…" />
      ) : (
        <div className="access-scroll">{matrix(false)}</div>
      )}
      <Dialog open={wide} title="Who can call what" onClose={() => setWide(false)} className="access-dialog">
        <div className="access-scroll wide">{matrix(true)}</div>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => setWide(false)}>
            Close
          </button>
        </div>
      </Dialog>
    </div>
  );
}
