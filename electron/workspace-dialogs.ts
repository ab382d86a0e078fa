import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DesktopDialog, DesktopWindow } from './surface.js';

const WORKSPACE_FILTERS = [{ name: 'Flowgate workspace', extensions: ['db', 'sqlite', 'sqlite3'] }];

/** File ▸ New Workspace…: a new file to create, or an existing one the user agreed to open; undefined if cancelled. */
export async function askForNewWorkspace<W extends DesktopWindow>(dialog: DesktopDialog<W>, window: W, documentsDir: string): Promise<string | undefined> {
  const picked = await dialog.showSaveDialog(window, {
    title: 'New Workspace',
    buttonLabel: 'Create',
    defaultPath: path.join(documentsDir, 'Flowgate workspace.db'),
    filters: WORKSPACE_FILTERS,
    properties: ['createDirectory'],
  });
  if (picked.canceled || !picked.filePath) return undefined;
  const file = path.extname(picked.filePath) ? picked.filePath : `${picked.filePath}.db`;
  if (!existsSync(file)) return file;
  const { response } = await dialog.showMessageBox(window, {
    type: 'question',
    message: `${path.basename(file)} already exists.`,
    detail: 'Flowgate never overwrites a workspace. Open the existing one instead?',
    buttons: ['Open It', 'Cancel'],
    defaultId: 0,
    cancelId: 1,
  });
  return response === 0 ? file : undefined;
}

/** File ▸ Open Workspace…: the chosen file; undefined if cancelled. */
export async function askForWorkspace<W extends DesktopWindow>(dialog: DesktopDialog<W>, window: W): Promise<string | undefined> {
  const picked = await dialog.showOpenDialog(window, { title: 'Open Workspace', filters: WORKSPACE_FILTERS, properties: ['openFile'] });
  return picked.canceled ? undefined : picked.filePaths[0];
}
