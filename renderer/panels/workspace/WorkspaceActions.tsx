import { useRef, useState } from 'react';
import type { WorkspaceFile } from '../../../shared/model/workspace-file.js';
import { errorMessage } from '../../api/errors.js';
import { admin } from '../../api/client.js';
import { flushSave } from '../../stores/autosave.js';
import { useEditor } from '../../stores/editor.js';
import { useUi } from '../../stores/ui.js';
import { ImportDialog } from './ImportDialog.js';
import { useImport } from './useImport.js';

/** Saves JSON as a file through the browser's download; Electron's menu offers a native dialog instead. */
function download(file: WorkspaceFile, name: string): void {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${name}-${file.exportedAt.slice(0, 10)}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'api';

/** Export (the workspace, or the open API) and Import, for the Docs panel's header. */
export function WorkspaceActions() {
  const apiId = useEditor((state) => state.apiId);
  const apiName = useEditor((state) => state.endpoint.name);
  const toast = useUi((state) => state.toast);
  const picker = useRef<HTMLInputElement>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  const importer = useImport();
  const [busy, setBusy] = useState(false);

  const exportFile = async (which: 'workspace' | 'api'): Promise<void> => {
    if (menu.current) menu.current.open = false;
    setBusy(true);
    try {
      await flushSave();
      if (which === 'api' && apiId) download(await admin.workspace.exportApi({ params: { id: apiId } }), `flowgate-api-${slug(apiName)}`);
      else download(await admin.workspace.export(), 'flowgate-workspace');
      toast('Exported. Tokens are not in the file: issue new ones after importing it elsewhere.', 'success');
    } catch (failure) {
      toast(`Could not export: ${errorMessage(failure)}`, 'error');
    } finally {
      setBusy(false);
    }
  };

  const apply = async (): Promise<void> => {
    try {
      toast(await importer.apply(), 'success');
    } catch (failure) {
      toast(`Could not import: ${errorMessage(failure)}`, 'error');
    }
  };

  return (
    <>
      <details ref={menu} className="export-menu">
        <summary className="btn btn-sm" aria-disabled={busy} data-testid="export-menu">
          Export
        </summary>
        <div className="export-menu-items" role="menu">
          <button type="button" role="menuitem" className="btn btn-ghost btn-sm" onClick={() => void exportFile('workspace')} data-testid="export-workspace">
            Whole workspace
          </button>
          {apiId ? (
            <button type="button" role="menuitem" className="btn btn-ghost btn-sm" onClick={() => void exportFile('api')} data-testid="export-api">
              This API: {apiName}
            </button>
          ) : null}
        </div>
      </details>
      <button type="button" className="btn btn-sm" onClick={() => picker.current?.click()} data-testid="import-button">
        Import
      </button>
      <input
        ref={picker}
        type="file"
        accept=".json,application/json"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Workspace file to import"
        data-testid="import-file"
        onChange={(event) => {
          const picked = event.target.files?.[0];
          event.target.value = '';
          if (picked) void importer.choose(picked);
        }}
      />
      <ImportDialog
        state={importer.state}
        onConflict={importer.onConflict}
        resolutions={importer.resolutions}
        onDefault={importer.setDefault}
        onResolve={importer.resolve}
        onApply={() => void apply()}
        onClose={importer.reset}
      />
    </>
  );
}
