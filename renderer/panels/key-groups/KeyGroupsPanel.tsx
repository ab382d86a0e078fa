import { useMemo, useState } from 'react';
import type { KeyGroup } from '../../../shared/model/token.js';
import { errorMessage } from '../../api/errors.js';
import { admin } from '../../api/client.js';
import { ConfirmDialog } from '../../layout/Dialog.js';
import { Icon } from '../../theme/icons.js';
import { useAccess, useLoadAccess } from '../common/access-store.js';
import { useApiDrafts } from '../common/api-drafts.js';
import { ErrorNote, Loading, PanelEmpty, PanelHeader } from '../common/ui.js';
import { KeyGroupCard } from './KeyGroupCard.js';
import { KeyGroupDialog } from './KeyGroupDialog.js';

/** Key groups: named sets of tokens that APIs can require. */
export function KeyGroupsPanel() {
  useLoadAccess();
  const groups = useAccess((state) => state.keyGroups);
  const tokens = useAccess((state) => state.tokens);
  const loaded = useAccess((state) => state.loaded);
  const error = useAccess((state) => state.error);
  const apis = useApiDrafts();
  const [dialog, setDialog] = useState<{ editing: KeyGroup | null } | null>(null);
  const [deleting, setDeleting] = useState<KeyGroup | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // An API uses a group when its draft names it, or a published version does (the server's apiIds).
  const usedBy = useMemo(
    () => new Map(groups.map((group) => [group.id, apis.filter((api) => api.auth.keyGroupIds.includes(group.id) || group.apiIds.includes(api.id))])),
    [groups, apis],
  );

  const remove = async (group: KeyGroup): Promise<void> => {
    setBusy(true);
    setDeleteError(null);
    try {
      await admin.keyGroups.delete({ params: { id: group.id } });
      await useAccess.getState().load();
      setDeleting(null);
    } catch (failure) {
      setDeleteError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const create = (
    <button type="button" className="btn btn-primary btn-sm" onClick={() => setDialog({ editing: null })} data-testid="create-key-group">
      <Icon name="plus" /> New key group
    </button>
  );

  return (
    <div className="panel" data-testid="key-groups-panel">
      <PanelHeader title="Key groups" help="Let only some tokens call an API: name groups in the API's auth settings." actions={groups.length > 0 ? create : null} />
      {error ? <ErrorNote onRetry={() => void useAccess.getState().load()}>Could not load key groups: {error}</ErrorNote> : null}
      {!loaded ? (
        <Loading label="Loading key groups…" />
      ) : groups.length === 0 && !error ? (
        <PanelEmpty icon="users" title="No key groups yet" action={create}>
          A key group is a named set of tokens, like “partners” or “mobile apps”. An API that names groups accepts only tokens in one of them; an API that names none accepts any valid token of its environment.
        </PanelEmpty>
      ) : (
        <ul className="panel-list" aria-label="Key groups">
          {groups.map((group) => (
            <KeyGroupCard key={group.id} group={group} tokens={tokens} usedBy={usedBy.get(group.id) ?? []} onEdit={(editing) => setDialog({ editing })} onDelete={(target) => { setDeleteError(null); setDeleting(target); }} />
          ))}
        </ul>
      )}
      <KeyGroupDialog open={dialog !== null} editing={dialog?.editing ?? null} onClose={() => setDialog(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? 'key group'}?`}
        message={
          <>
            {deleting && (usedBy.get(deleting.id)?.length ?? 0) > 0
              ? `${usedBy.get(deleting.id)!.map((api) => api.name).join(', ')} still name this group, so the server will refuse: take it out of their access settings (Access tab) and republish first.`
              : 'The group goes away; its tokens stay and keep their other groups.'}
            {deleteError ? <span className="field-error confirm-error" role="alert" data-testid="key-group-delete-error">{deleteError}</span> : null}
          </>
        }
        confirmLabel="Delete group"
        danger
        busy={busy}
        onConfirm={() => deleting && void remove(deleting)}
        onClose={() => setDeleting(null)}
      />
    </div>
  );
}
