import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../../../electron/ipc-contract.js';
import { MAX_OPEN_FILE_BYTES, registerIpc } from '../../../electron/ipc.js';
import { FakeDialog, FakeIpcMain, FakeWindow } from './fake-electron.js';

const EDITOR = 'http://127.0.0.1:50001';
const FOREIGN = 'https://example.com/';

describe('IPC handlers', () => {
  let ipc: FakeIpcMain;
  let dialog: FakeDialog;
  let opened: string[];
  let unhandled: string[];
  let dir: string;
  let origin: string | undefined;

  beforeEach(() => {
    ipc = new FakeIpcMain();
    dialog = new FakeDialog();
    opened = [];
    unhandled = [];
    dir = mkdtempSync(path.join(tmpdir(), 'flowgate-ipc-'));
    origin = EDITOR;
    const window = new FakeWindow({});
    registerIpc({
      ipcMain: ipc,
      dialog,
      openExternal: async (url) => void opened.push(url),
      window: () => window,
      editorOrigin: () => origin,
      bootstrap: () => (origin ? { adminUrl: EDITOR, adminKey: 'the-key', appVersion: '0.1.0' } : undefined),
      documentsDir: () => dir,
      menuUnhandled: (command) => unhandled.push(command),
    });
  });

  it('hands the admin URL and key to the editor only', () => {
    expect(ipc.sendSync(IPC_CHANNELS.bootstrap, `${EDITOR}/`)).toEqual({ adminUrl: EDITOR, adminKey: 'the-key', appVersion: '0.1.0' });
    expect(ipc.sendSync(IPC_CHANNELS.bootstrap, FOREIGN)).toBeNull();
    expect(ipc.sendSync(IPC_CHANNELS.bootstrap, 'http://127.0.0.1:50002/')).toBeNull();
    expect(ipc.sendSync(IPC_CHANNELS.bootstrap, 'data:text/html,hi')).toBeNull();
    origin = undefined;
    expect(ipc.sendSync(IPC_CHANNELS.bootstrap, `${EDITOR}/`)).toBeNull();
  });

  it('refuses every call from a page that is not the editor', async () => {
    await expect(ipc.invoke(IPC_CHANNELS.openExternal, FOREIGN, 'https://example.com/')).rejects.toThrow(/Only the Flowgate editor/);
    await expect(ipc.invoke(IPC_CHANNELS.openFile, FOREIGN)).rejects.toThrow(/Only the Flowgate editor/);
    await expect(ipc.invoke(IPC_CHANNELS.saveFile, FOREIGN, { suggestedName: 'a.json', content: '{}' })).rejects.toThrow(/Only the Flowgate editor/);
    ipc.send(IPC_CHANNELS.menuUnhandled, FOREIGN, 'import-json');
    expect(opened).toEqual([]);
    expect(dialog.calls).toEqual([]);
    expect(unhandled).toEqual([]);
  });

  it('opens only http and https links outside the app', async () => {
    await ipc.invoke(IPC_CHANNELS.openExternal, `${EDITOR}/`, 'https://jsonata.org/');
    await ipc.invoke(IPC_CHANNELS.openExternal, `${EDITOR}/`, 'http://127.0.0.1:4310/dev/users');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 42, `https://x.example/${'a'.repeat(5000)}`]) {
      await expect(ipc.invoke(IPC_CHANNELS.openExternal, `${EDITOR}/`, url)).rejects.toThrow();
    }
    expect(opened).toEqual(['https://jsonata.org/', 'http://127.0.0.1:4310/dev/users']);
  });

  it('reads the file the user picks, by base name, and refuses one too large', async () => {
    const file = path.join(dir, 'workspace.json');
    writeFileSync(file, '{"apis":[]}');
    dialog.openResult = { canceled: false, filePaths: [file] };
    const options = { title: 'Import', filters: [{ name: 'JSON', extensions: ['json'] }] };
    expect(await ipc.invoke(IPC_CHANNELS.openFile, `${EDITOR}/`, options)).toEqual({ name: 'workspace.json', content: '{"apis":[]}' });
    expect(dialog.calls[0]!.options).toEqual({ ...options, properties: ['openFile'] });

    writeFileSync(file, Buffer.alloc(MAX_OPEN_FILE_BYTES + 1));
    await expect(ipc.invoke(IPC_CHANNELS.openFile, `${EDITOR}/`)).rejects.toThrow(/opens files up to 10 MB/);

    dialog.openResult = { canceled: true, filePaths: [] };
    expect(await ipc.invoke(IPC_CHANNELS.openFile, `${EDITOR}/`)).toBeNull();
  });

  it('validates dialog options', async () => {
    for (const options of [{ filters: [{ name: 'x', extensions: ['.json'] }] }, { title: 1 }, { extra: true }, 'options']) {
      await expect(ipc.invoke(IPC_CHANNELS.openFile, `${EDITOR}/`, options)).rejects.toThrow(/openFile/);
    }
    expect(dialog.calls).toEqual([]);
  });

  it('saves where the user chose, proposing a plain file name in Documents', async () => {
    const target = path.join(dir, 'export.json');
    dialog.saveResult = { canceled: false, filePath: target };
    expect(await ipc.invoke(IPC_CHANNELS.saveFile, `${EDITOR}/`, { suggestedName: 'workspace.json', content: '{"a":1}' })).toEqual({ name: 'export.json' });
    expect(readFileSync(target, 'utf8')).toBe('{"a":1}');
    expect(dialog.calls[0]!.options).toMatchObject({ defaultPath: path.join(dir, 'workspace.json') });

    for (const suggestedName of ['../../.bashrc', '/etc/passwd', 'a\\b.json', '..', '']) {
      await expect(ipc.invoke(IPC_CHANNELS.saveFile, `${EDITOR}/`, { suggestedName, content: '' })).rejects.toThrow(/saveFile/);
    }
    await expect(ipc.invoke(IPC_CHANNELS.saveFile, `${EDITOR}/`, { suggestedName: 'a.json', content: 7 })).rejects.toThrow(/saveFile/);
    dialog.saveResult = { canceled: true, filePath: '' };
    expect(await ipc.invoke(IPC_CHANNELS.saveFile, `${EDITOR}/`, { suggestedName: 'a.json', content: '' })).toBeNull();
  });

  it('passes on only known menu commands the editor left unhandled', () => {
    ipc.send(IPC_CHANNELS.menuUnhandled, `${EDITOR}/`, 'export-json');
    ipc.send(IPC_CHANNELS.menuUnhandled, `${EDITOR}/`, 'format-disk');
    expect(unhandled).toEqual(['export-json']);
  });
});
