import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MENU_COMMANDS, type MenuCommand, type OpenedFile, type SavedFile } from '../shared/desktop-bridge.js';
import { IPC_CHANNELS, type BridgeBootstrap } from './ipc-contract.js';
import type { DesktopDialog, DesktopIpcMain, DesktopWindow, IpcSender } from './surface.js';
import { isWebUrl, originOf } from './window.js';

/** As much as the admin API takes in one request (a whole-workspace import). */
export const MAX_OPEN_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_SAVE_FILE_CHARS = 50 * 1024 * 1024;
const MAX_URL_CHARS = 4096;

const FileFilter = z.strictObject({
  name: z.string().min(1).max(100),
  extensions: z.array(z.string().regex(/^(\*|[A-Za-z0-9]{1,16})$/, 'an extension without the dot, or *')).min(1).max(10),
});
const OpenFileOptions = z.strictObject({ title: z.string().max(200).optional(), filters: z.array(FileFilter).max(10).optional() }).optional();
const SaveFileOptions = z.strictObject({
  suggestedName: z
    .string()
    .min(1)
    .max(255)
    .refine((name) => !/[/\\\0]/.test(name) && name !== '.' && name !== '..', 'a file name without folders'),
  content: z.string().max(MAX_SAVE_FILE_CHARS),
  title: z.string().max(200).optional(),
  filters: z.array(FileFilter).max(10).optional(),
});
const ExternalUrl = z.string().max(MAX_URL_CHARS).refine(isWebUrl, 'only http and https links open outside the app');
const MenuCommandSchema = z.enum(MENU_COMMANDS);

export type IpcDeps<W extends DesktopWindow = DesktopWindow> = {
  ipcMain: DesktopIpcMain;
  dialog: DesktopDialog<W>;
  openExternal: (url: string) => Promise<void>;
  window: () => W | undefined;
  /** The editor's origin now; undefined while no server runs. */
  editorOrigin: () => string | undefined;
  /** What the preload hands the editor; undefined while no server runs. */
  bootstrap: () => BridgeBootstrap | undefined;
  documentsDir: () => string;
  /** The editor has no handler for a menu item (an older editor, or the page is still loading). */
  menuUnhandled: (command: MenuCommand) => void;
};

/** A message counts only if it comes from the editor's own origin: no other page may use the bridge. */
function fromEditor(event: IpcSender, deps: Pick<IpcDeps, 'editorOrigin'>): boolean {
  const origin = deps.editorOrigin();
  return origin !== undefined && event.senderFrame !== null && originOf(event.senderFrame.url) === origin;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`${what}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return parsed.data;
}

export function registerIpc<W extends DesktopWindow>(deps: IpcDeps<W>): void {
  const { ipcMain } = deps;
  const guarded =
    <A extends unknown[], R>(handler: (...args: A) => Promise<R>) =>
    (event: IpcSender, ...args: unknown[]): Promise<R> => {
      if (!fromEditor(event, deps)) return Promise.reject(new Error('Only the Flowgate editor may use this.'));
      return handler(...(args as A));
    };

  ipcMain.on(IPC_CHANNELS.bootstrap, (event) => {
    event.returnValue = fromEditor(event, deps) ? (deps.bootstrap() ?? null) : null;
  });

  ipcMain.handle(
    IPC_CHANNELS.openFile,
    guarded(async (raw: unknown): Promise<OpenedFile | null> => {
      const options = parse(OpenFileOptions, raw, 'openFile');
      const window = deps.window();
      if (!window) return null;
      const picked = await deps.dialog.showOpenDialog(window, { title: options?.title, filters: options?.filters, properties: ['openFile'] });
      const file = picked.filePaths[0];
      if (picked.canceled || !file) return null;
      const { size } = await stat(file);
      if (size > MAX_OPEN_FILE_BYTES) throw new Error(`${path.basename(file)} is ${Math.ceil(size / 1024 / 1024)} MB; Flowgate opens files up to ${MAX_OPEN_FILE_BYTES / 1024 / 1024} MB.`);
      return { name: path.basename(file), content: await readFile(file, 'utf8') };
    }),
  );

  ipcMain.handle(
    IPC_CHANNELS.saveFile,
    guarded(async (raw: unknown): Promise<SavedFile | null> => {
      const options = parse(SaveFileOptions, raw, 'saveFile');
      const window = deps.window();
      if (!window) return null;
      const picked = await deps.dialog.showSaveDialog(window, {
        title: options.title,
        defaultPath: path.join(deps.documentsDir(), options.suggestedName),
        filters: options.filters,
      });
      if (picked.canceled || !picked.filePath) return null;
      await writeFile(picked.filePath, options.content, 'utf8');
      return { name: path.basename(picked.filePath) };
    }),
  );

  ipcMain.handle(
    IPC_CHANNELS.openExternal,
    guarded(async (raw: unknown): Promise<void> => {
      await deps.openExternal(parse(ExternalUrl, raw, 'openExternal'));
    }),
  );

  ipcMain.on(IPC_CHANNELS.menuUnhandled, (event, raw) => {
    const command = MenuCommandSchema.safeParse(raw);
    if (fromEditor(event, deps) && command.success) deps.menuUnhandled(command.data);
  });
}
