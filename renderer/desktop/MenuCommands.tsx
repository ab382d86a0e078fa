import { useEffect } from 'react';
import { errorMessage } from '../api/errors.js';
import { bridge } from '../api/bridge.js';
import { admin } from '../api/client.js';
import { ImportDialog } from '../panels/workspace/ImportDialog.js';
import { useImport } from '../panels/workspace/useImport.js';
import { flushSave } from '../stores/autosave.js';
import { useUi } from '../stores/ui.js';

const JSON_FILES = [{ name: 'Flowgate workspace (JSON)', extensions: ['json'] }];

/**
 * The desktop app's File ▸ Import JSON… and Export JSON…, carried out here because import needs the
 * editor's conflict dialog. Renders nothing in a browser, where the Docs panel has the same buttons.
 */
export function MenuCommands() {
  const desktop = bridge();
  const importer = useImport();
  const toast = useUi((state) => state.toast);
  const { choose } = importer;

  useEffect(() => {
    if (!desktop) return undefined;
    const stopExport = desktop.onMenu('export-json', () => {
      void (async () => {
        try {
          await flushSave();
          const file = await admin.workspace.export();
          const saved = await desktop.saveFile({
            suggestedName: `flowgate-workspace-${file.exportedAt.slice(0, 10)}.json`,
            content: `${JSON.stringify(file, null, 2)}\n`,
            title: 'Export workspace',
            filters: JSON_FILES,
          });
          if (saved) toast(`Exported to ${saved.name}. Tokens are not in the file: issue new ones after importing it elsewhere.`, 'success');
        } catch (failure) {
          toast(`Could not export: ${errorMessage(failure)}`, 'error');
        }
      })();
    });
    const stopImport = desktop.onMenu('import-json', () => {
      void (async () => {
        try {
          const opened = await desktop.openFile({ title: 'Import workspace', filters: JSON_FILES });
          if (opened) await choose(new File([opened.content], opened.name, { type: 'application/json' }));
        } catch (failure) {
          toast(`Could not read the file: ${errorMessage(failure)}`, 'error');
        }
      })();
    });
    return () => {
      stopExport();
      stopImport();
    };
  }, [desktop, choose, toast]);

  if (!desktop) return null;
  return (
    <ImportDialog
      state={importer.state}
      onConflict={importer.onConflict}
      resolutions={importer.resolutions}
      onDefault={importer.setDefault}
      onResolve={importer.resolve}
      onApply={() => {
        importer.apply().then(
          (message) => toast(message, 'success'),
          (failure: unknown) => toast(`Could not import: ${errorMessage(failure)}`, 'error'),
        );
      }}
      onClose={importer.reset}
    />
  );
}
