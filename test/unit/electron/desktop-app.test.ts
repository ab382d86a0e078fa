import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editorCsp } from '../../../electron/csp.js';
import { createDesktopApp } from '../../../electron/desktop-app.js';
import { IPC_CHANNELS } from '../../../electron/ipc-contract.js';
import { KEK_FILE } from '../../../electron/secrets.js';
import { STATE_FILE } from '../../../electron/state.js';
import { RESTART_SERVER_URL } from '../../../electron/window.js';
import { FakeElectron, removeFakeUserData, until } from './fake-electron.js';
import { launch, OPTIONS, pageText } from './launch-desktop.js';

afterAll(removeFakeUserData);

describe('desktop app: lifecycle', () => {
  it('quits at once when another instance holds the lock, starting nothing', async () => {
    const electron = new FakeElectron();
    electron.app.gotLock = false;
    await createDesktopApp(electron, OPTIONS).start();
    expect(electron.app.quitted).toBe(true);
    expect(electron.windows).toHaveLength(0);
    expect(electron.servers).toHaveLength(0);
  });

  it('brings the existing window forward when a second instance starts', async () => {
    const { electron } = await launch();
    electron.window.minimized = true;
    electron.app.emit('second-instance');
    expect(electron.window.minimized).toBe(false);
    expect(electron.window.focused).toBe(1);
    expect(electron.windows).toHaveLength(1);
  });

  it('starts the server as a utility process on the workspace in userData, with the admin key and the sealed KEK', async () => {
    const { electron } = await launch();
    const server = electron.server;
    expect(server.modulePath).toBe(OPTIONS.serverEntry);
    expect(server.args).toEqual(['serve', '--db', path.join(electron.userData, 'workspace.db'), '--admin-port', '0', '--port', '4310', '--host', '127.0.0.1', '--port-fallback']);
    expect(server.options.stdio).toBe('pipe');
    const env = server.options.env;
    expect(env.PATH).toBe('/usr/bin');
    expect(env.FLOWGATE_ADMIN_KEY).toMatch(/^[\w-]{43}$/);
    expect(env.FLOWGATE_ADMIN_KEY).not.toBe('inherited-key');
    expect(env.FLOWGATE_KEK).toMatch(/^[\w-]{43}$/);
    expect(env.FLOWGATE_KEK).not.toBe('inherited-kek');
    // The KEK is stored only sealed by safeStorage; the admin key is stored nowhere.
    const stored = readFileSync(path.join(electron.userData, KEK_FILE), 'utf8');
    expect(stored).not.toContain(env.FLOWGATE_KEK);
    expect(JSON.parse(stored)).toMatchObject({ version: 1 });
  });

  it('unseals the same KEK on the next launch, with a new admin key', async () => {
    const first = await launch();
    const firstEnv = first.electron.server.options.env;
    const second = await launch(new FakeElectron(first.electron.userData));
    const secondEnv = second.electron.server.options.env;
    expect(secondEnv.FLOWGATE_KEK).toBe(firstEnv.FLOWGATE_KEK);
    expect(secondEnv.FLOWGATE_ADMIN_KEY).not.toBe(firstEnv.FLOWGATE_ADMIN_KEY);
  });

  it('runs without a KEK, and says so, where safeStorage is unavailable or has no keyring', async () => {
    for (const setup of [(e: FakeElectron) => (e.safeStorage.available = false), (e: FakeElectron) => (e.safeStorage.backend = 'basic_text')]) {
      const electron = new FakeElectron();
      setup(electron);
      const { logs } = await launch(electron);
      expect(electron.server.options.env.FLOWGATE_KEK).toBeUndefined();
      expect(logs.join('\n')).toMatch(/signing keys are stored unencrypted/);
      expect(existsSync(path.join(electron.userData, KEK_FILE))).toBe(false);
    }
  });

  it('never replaces a KEK file it cannot unseal', async () => {
    const electron = new FakeElectron();
    writeFileSync(path.join(electron.userData, KEK_FILE), JSON.stringify({ version: 1, sealed: Buffer.from('garbage').toString('base64') }));
    const { logs } = await launch(electron);
    expect(electron.server.options.env.FLOWGATE_KEK).toBeUndefined();
    expect(logs.join('\n')).toMatch(/Could not unseal/);
    expect(JSON.parse(readFileSync(path.join(electron.userData, KEK_FILE), 'utf8')).sealed).toBe(Buffer.from('garbage').toString('base64'));
  });

  it('shows a starting page, then the editor once the server printed its addresses', async () => {
    const electron = new FakeElectron();
    electron.serverBehaviour.autoReady = false;
    const desktop = createDesktopApp(electron, OPTIONS);
    const started = desktop.start();
    await until(() => electron.servers.length === 1, 'the fork');
    expect(pageText(electron.window.webContents.url)).toContain('Starting Flowgate');
    electron.server.printReady();
    await started;
    expect(electron.window.webContents.url).toBe(`${electron.server.adminUrl}/`);
    expect(electron.window.title).toBe('workspace.db — Flowgate — this computer');
    let prevented = false;
    electron.window.emit('page-title-updated', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('on quit asks the server to drain and flush, waits for it to exit, then quits', async () => {
    const { electron } = await launch();
    electron.app.quit();
    expect(electron.app.quitted).toBe(false);
    await until(() => electron.server.messages.some((message) => (message as { type: string }).type === 'stop'), 'the stop request');
    await until(() => electron.app.quitted, 'the quit');
    expect(electron.server.exitCode).toBe(0);
    expect(electron.server.killed).toBe(0);
  });

  it('kills a server that will not stop within the timeout, and still quits', async () => {
    const electron = new FakeElectron();
    electron.serverBehaviour.obeysStop = false;
    await launch(electron);
    electron.app.quit();
    await until(() => electron.app.quitted, 'the quit');
    expect(electron.server.killed).toBe(1);
  });

  it('quits when the last window closes, except on macOS', async () => {
    const { electron } = await launch();
    electron.window.close();
    electron.app.emit('window-all-closed');
    await until(() => electron.app.quitted, 'the quit');

    const mac = await launch(new FakeElectron(), { platform: 'darwin' });
    mac.electron.window.close();
    mac.electron.app.emit('window-all-closed');
    expect(mac.electron.app.quitCalls).toBe(0);
    mac.electron.app.emit('activate');
    expect(mac.electron.windows).toHaveLength(2);
    expect(mac.electron.window.webContents.url).toBe(mac.editorUrl());
  });
});

describe('desktop app: the server dies', () => {
  it('shows a page that says so, with the last output and a Restart link that starts it again', async () => {
    const { electron } = await launch();
    const first = electron.server;
    first.exit(1, 'Error: disk I/O error');
    await until(() => electron.window.webContents.url.startsWith('data:'), 'the stopped page');
    const html = pageText(electron.window.webContents.url);
    expect(html).toContain('The Flowgate server stopped unexpectedly.');
    expect(html).toContain('Error: disk I/O error');
    expect(html).toContain(`href="${RESTART_SERVER_URL}"`);
    expect(html).not.toContain('first-code');

    expect(electron.window.webContents.navigate(RESTART_SERVER_URL)).toBe(false);
    await until(() => electron.servers.length === 2 && electron.window.webContents.url === `${electron.server.adminUrl}/`, 'the restart');
    expect(electron.server.flag('--db')).toBe(first.flag('--db'));
  });

  it('shows why when the server cannot start, without an editor to talk to', async () => {
    const electron = new FakeElectron();
    electron.serverBehaviour.autoReady = false;
    const desktop = createDesktopApp(electron, OPTIONS);
    const started = desktop.start();
    await until(() => electron.servers.length === 1, 'the fork');
    electron.server.exit(1, "This workspace's signing keys are encrypted: start Flowgate with the key-encryption key they were sealed with (FLOWGATE_KEK).");
    await started;
    const html = pageText(electron.window.webContents.url);
    expect(html).toContain('could not start');
    expect(html).toContain('signing keys are encrypted');
    expect(electron.ipcMain.sendSync(IPC_CHANNELS.bootstrap, `${electron.server.adminUrl}/`)).toBeNull();
  });

  it('says plainly when the port of the published APIs is taken', async () => {
    const electron = new FakeElectron();
    electron.serverBehaviour.autoReady = false;
    const started = createDesktopApp(electron, OPTIONS).start();
    await until(() => electron.servers.length === 1, 'the fork');
    electron.server.exit(1, 'listen EADDRINUSE: address already in use 127.0.0.1:4310');
    await started;
    expect(pageText(electron.window.webContents.url)).toContain('another program is using port 4310');
  });
});

describe('desktop app: window state', () => {
  it('remembers the window bounds and restores them on the next launch', async () => {
    const first = await launch();
    first.electron.window.bounds = { x: 40, y: 50, width: 1000, height: 700 };
    first.electron.window.maximized = true;
    first.electron.window.close();
    expect(JSON.parse(readFileSync(path.join(first.electron.userData, STATE_FILE), 'utf8')).window).toEqual({ x: 40, y: 50, width: 1000, height: 700, maximized: true });

    const second = await launch(new FakeElectron(first.electron.userData));
    expect(second.electron.window.options).toMatchObject({ x: 40, y: 50, width: 1000, height: 700 });
    expect(second.electron.window.maximized).toBe(true);
  });

  it('drops a position that is on no screen any more, keeping the size', async () => {
    const first = await launch();
    first.electron.window.bounds = { x: 3000, y: 50, width: 1000, height: 700 };
    first.electron.window.close();
    const second = await launch(new FakeElectron(first.electron.userData));
    expect(second.electron.window.options.x).toBeUndefined();
    expect(second.electron.window.options).toMatchObject({ width: 1000, height: 700 });
  });
});

describe('desktop app: workspaces', () => {
  it('File ▸ Open Workspace restarts the server on the chosen file and remembers it', async () => {
    const { electron, desktop } = await launch();
    const other = path.join(electron.userData, 'other.db');
    writeFileSync(other, '');
    electron.dialog.openResult = { canceled: false, filePaths: [other] };
    desktop.actions.openWorkspace();
    await until(() => electron.servers.length === 2 && electron.window.webContents.url === `${electron.server.adminUrl}/`, 'the switch');
    expect(electron.servers[0]!.messages).toContainEqual({ type: 'stop' });
    expect(electron.servers[0]!.exitCode).toBe(0);
    expect(electron.server.flag('--db')).toBe(other);
    expect(electron.window.title).toBe('other.db — Flowgate — this computer');

    const next = await launch(new FakeElectron(electron.userData));
    expect(next.electron.server.flag('--db')).toBe(other);
  });

  it('File ▸ New Workspace creates a new file, and offers to open one that exists instead of overwriting it', async () => {
    const { electron, desktop } = await launch();
    electron.dialog.saveResult = { canceled: false, filePath: path.join(electron.userData, 'fresh') };
    desktop.actions.newWorkspace();
    await until(() => electron.servers.length === 2, 'the new server');
    expect(electron.server.flag('--db')).toBe(path.join(electron.userData, 'fresh.db'));

    const existing = path.join(electron.userData, 'existing.db');
    writeFileSync(existing, 'data');
    electron.dialog.saveResult = { canceled: false, filePath: existing };
    electron.dialog.messageResponse = 1;
    desktop.actions.newWorkspace();
    await until(() => electron.dialog.messages().some((text) => text.includes('already exists')), 'the question');
    expect(electron.servers).toHaveLength(2);
    expect(readFileSync(existing, 'utf8')).toBe('data');
  });

  it('falls back to the default workspace when the remembered one is gone', async () => {
    const first = await launch();
    const gone = path.join(first.electron.userData, 'gone.db');
    writeFileSync(path.join(first.electron.userData, STATE_FILE), JSON.stringify({ workspace: gone }));
    const second = await launch(new FakeElectron(first.electron.userData));
    expect(second.electron.server.flag('--db')).toBe(path.join(first.electron.userData, 'workspace.db'));
  });
});

describe('desktop app: menus', () => {
  it('has File, Edit, View and Help, with developer tools only in unpackaged runs', async () => {
    const { electron } = await launch();
    expect(electron.menuTemplate.map((menu) => menu.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    const labels = (index: number) => (electron.menuTemplate[index]!.submenu as { label?: string; role?: string }[]).map((item) => item.label ?? item.role);
    expect(labels(0)).toEqual(['New Workspace…', 'Open Workspace…', undefined, 'Connect to Server…', 'Disconnect', undefined, 'Import JSON…', 'Export JSON…', undefined, 'Restart Server', undefined, 'Preferences…', undefined, 'Quit']);
    expect((electron.menuTemplate[0]!.submenu as { label?: string; accelerator?: string }[]).find((item) => item.label === 'Preferences…')?.accelerator).toBe('CmdOrCtrl+,');
    expect(labels(2)).toContain('toggleDevTools');
    expect(labels(3)).toEqual(['Open Editor in Browser', undefined, 'Check for Updates…', 'About Flowgate']);

    const packaged = new FakeElectron();
    packaged.app.isPackaged = true;
    await launch(packaged);
    expect((packaged.menuTemplate[2]!.submenu as { role?: string }[]).map((item) => item.role)).not.toContain('toggleDevTools');
  });

  it('on macOS keeps About, Check for Updates… and Preferences… (Cmd+,) in the app menu', async () => {
    const { electron } = await launch(new FakeElectron(), { platform: 'darwin' });
    expect(electron.menuTemplate.map((menu) => menu.label ?? menu.role)).toEqual(['Flowgate', 'File', 'Edit', 'View', 'windowMenu', 'Help']);
    const appMenu = electron.menuTemplate[0]!.submenu as { label?: string; role?: string; accelerator?: string }[];
    expect(appMenu.slice(0, 4).map((item) => item.label)).toEqual(['About Flowgate', 'Check for Updates…', undefined, 'Preferences…']);
    expect(appMenu[3]!.accelerator).toBe('CmdOrCtrl+,');
    const file = (electron.menuTemplate[1]!.submenu as { label?: string }[]).map((item) => item.label);
    expect(file).not.toContain('Preferences…');
  });

  it('hands Import and Export to the editor, and explains when the editor has no handler', async () => {
    const { electron, desktop, editorUrl } = await launch();
    desktop.actions.importJson();
    desktop.actions.exportJson();
    expect(electron.window.webContents.sent).toEqual([
      { channel: IPC_CHANNELS.menu, args: ['import-json'] },
      { channel: IPC_CHANNELS.menu, args: ['export-json'] },
    ]);
    electron.ipcMain.send(IPC_CHANNELS.menuUnhandled, editorUrl(), 'import-json');
    expect(electron.dialog.messages()).toContain("Import JSON… isn't available from the menu here.");
  });

  it('Help ▸ Open Editor in Browser opens a fresh one-time login link in the OS browser', async () => {
    const { electron, desktop } = await launch();
    desktop.actions.openInBrowser();
    await until(() => electron.opened.length === 1, 'the browser');
    expect(electron.opened[0]).toBe(`${electron.server.adminUrl}/login?code=fresh-1`);
    expect(electron.server.messages).toContainEqual({ type: 'login-url' });
  });
});

describe('desktop app: the editor window', () => {
  it('is sandboxed and isolated, with no Node and web security on', async () => {
    const { electron } = await launch();
    expect(electron.window.options.webPreferences).toMatchObject({
      preload: OPTIONS.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(electron.window.options.show).toBe(false);
  });

  it('puts the editor CSP on editor responses, replacing the header whatever its case, and leaves other responses alone', async () => {
    const { electron, editorUrl } = await launch();
    const headers = electron.session.headersFor(`${editorUrl()}assets/index.js`, { 'content-type': ['text/javascript'], 'Content-security-policy': ["default-src *"] });
    expect(headers).toEqual({ 'content-type': ['text/javascript'], 'Content-Security-Policy': [editorCsp('http://127.0.0.1:4310')] });
    expect(electron.session.headersFor('http://127.0.0.1:4310/dev/users', { 'content-type': ['application/json'] })).toBeUndefined();
  });

  it('keeps navigation on the editor, sends other web links to the OS browser, and refuses everything else', async () => {
    const { electron, editorUrl } = await launch();
    const contents = electron.window.webContents;
    expect(contents.navigate(`${editorUrl()}?signin=expired`)).toBe(true);
    expect(contents.navigate('https://example.com/docs')).toBe(false);
    expect(contents.navigate('http://127.0.0.1:4310/dev/users')).toBe(false);
    expect(contents.navigate('https://evil.example/', 'will-redirect')).toBe(false);
    expect(electron.opened).toEqual(['https://example.com/docs', 'http://127.0.0.1:4310/dev/users', 'https://evil.example/']);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<script>1</script>', 'flowgate://x', 'not a url']) {
      expect(contents.navigate(url)).toBe(false);
    }
    expect(electron.opened).toHaveLength(3);
  });

  it('lets window.open reach only the editor, with the same locked-down preferences', async () => {
    const { electron, editorUrl } = await launch();
    const open = electron.window.webContents.windowOpenHandler!;
    expect(open({ url: `${editorUrl()}docs` })).toEqual({ action: 'allow', overrideBrowserWindowOptions: { webPreferences: electron.window.options.webPreferences } });
    expect(open({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electron.opened).toEqual(['https://example.com/']);
  });

  it('refuses webviews', async () => {
    const { electron } = await launch();
    let prevented = false;
    electron.window.webContents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('denies every permission but the clipboard write of the editor', async () => {
    const { electron, editorUrl } = await launch();
    const session = electron.session;
    expect(session.request(editorUrl(), 'clipboard-sanitized-write')).toBe(true);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(session.request(editorUrl(), permission)).toBe(false);
    }
    expect(session.request('https://example.com/', 'clipboard-sanitized-write')).toBe(false);
    expect(session.checkHandler!(null, 'clipboard-sanitized-write', new URL(editorUrl()).origin)).toBe(true);
    expect(session.checkHandler!(null, 'media', new URL(editorUrl()).origin)).toBe(false);
  });
});
