import { useCallback, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ApiRecord } from '../../shared/model/api.js';
import { errorMessage } from '../api/errors.js';
import { ConfirmDialog } from '../layout/Dialog.js';
import { environmentNames, useApis } from '../stores/apis.js';
import { useEditor } from '../stores/editor.js';
import { deleteApi, duplicateApi, openApi, renameApi } from '../stores/open-api.js';
import { useUi } from '../stores/ui.js';
import { Icon } from '../theme/icons.js';
import { ApiRow } from './ApiRow.js';
import { CreateApiDialog } from './CreateApiDialog.js';

/** The workspace's APIs: search, create, open, rename, duplicate, delete. */
export function ApiList() {
  const { apis, loaded, loadError, environments } = useApis(
    useShallow((state) => ({ apis: state.apis, loaded: state.loaded, loadError: state.loadError, environments: state.environments })),
  );
  const activeId = useEditor((state) => state.apiId);
  const toast = useUi((state) => state.toast);
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const [doomed, setDoomed] = useState<ApiRecord | null>(null);
  const [deleting, setDeleting] = useState(false);
  const envNames = useMemo(() => environmentNames(environments), [environments]);

  const shown = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return needle ? apis.filter((api) => `${api.name} ${api.method} ${api.path}`.toLowerCase().includes(needle)) : apis;
  }, [apis, query]);

  const guard = useCallback((what: string, work: Promise<void>) => work.catch((failure: unknown) => toast(`${what}: ${errorMessage(failure)}`, 'error')), [toast]);
  const onOpen = useCallback((id: string) => void openApi(id), []);
  const onRename = useCallback((id: string, name: string) => void guard('Could not rename', renameApi(id, name)), [guard]);
  const onDuplicate = useCallback((id: string) => void guard('Could not duplicate', duplicateApi(id)), [guard]);
  const confirmDelete = async (): Promise<void> => {
    if (!doomed) return;
    setDeleting(true);
    await guard('Could not delete', deleteApi(doomed.id));
    setDeleting(false);
    setDoomed(null);
  };

  return (
    <section className="api-list" aria-label="APIs">
      <div className="sidebar-head">
        <h2 className="section-title">APIs</h2>
        <button type="button" className="btn btn-primary btn-sm" onClick={() => setCreating(true)} data-testid="new-api">
          <Icon name="plus" /> New API
        </button>
      </div>
      {apis.length > 0 ? (
        <div className="sidebar-search">
          <Icon name="search" size={14} className="search-icon" />
          <input className="input" placeholder="Search APIs" value={query} onChange={(event) => setQuery(event.target.value)} aria-label="Search APIs" />
        </div>
      ) : null}
      <div className="scroll api-list-scroll">
        {loadError ? <p className="field-error api-list-note">Could not load the APIs: {loadError}</p> : null}
        {loaded && !loadError && apis.length === 0 ? (
          <div className="empty-state compact">
            <h3>No APIs yet</h3>
            <p>An API is an endpoint like GET /users/:id whose answer you build from nodes.</p>
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              <Icon name="plus" /> Create your first API
            </button>
          </div>
        ) : null}
        {apis.length > 0 && shown.length === 0 ? <p className="faint api-list-note">No API matches “{query}”.</p> : null}
        <ul className="api-rows">
          {shown.map((api) => (
            <ApiRow key={api.id} api={api} active={api.id === activeId} environments={envNames} onOpen={onOpen} onRename={onRename} onDuplicate={onDuplicate} onDelete={setDoomed} />
          ))}
        </ul>
      </div>
      <CreateApiDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={doomed !== null}
        title="Delete this API?"
        message={
          <>
            <strong>{doomed?.method} {doomed?.path}</strong> ({doomed?.name}) and all its versions will be deleted
            {doomed && doomed.deployments.length > 0 ? `, and it stops being served in ${doomed.deployments.map((d) => d.environment).join(' and ')}` : ''}. This cannot be undone.
          </>
        }
        confirmLabel="Delete API"
        danger
        busy={deleting}
        onConfirm={() => void confirmDelete()}
        onClose={() => setDoomed(null)}
      />
    </section>
  );
}
