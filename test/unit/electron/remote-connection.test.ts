import { statSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECT_URL } from '../../../electron/window.js';
import { DISCONNECT_URL } from '../../../electron/connect-page.js';
import { IPC_CHANNELS } from '../../../electron/ipc-contract.js';
import { checkAdminKey, checkAdminUrl, checkServer, createRemoteConnection, windowTitle, type ConnectionState } from '../../../electron/remote-connection.js';
import { loadSavedServer, REMOTE_SERVER_FILE, saveServer } from '../../../electron/remote-store.js';
import type { ServerFetch } from '../../../electron/surface.js';
import { serve, type Served } from '../../support/serve.js';
import { FakeElectron, FakeSafeStorage, removeFakeUserData, until } from './fake-electron.js';
import { launch, pageText } from './launch-desktop.js';

/** File ▸ Connect to Server…: the checks, the title, the kept key and the window following the connection, against a real server on loopback. */

const REMOTE_NAME = 'admin.flowgate.test';
const OWNER_ONLY = 0o600;
const SHORT_TIMEOUT_MS = 200;

let remote: Served;
/** A server that accepts connections and never answers. */
let silent: Server;
/** A web server that is not Flowgate. */
let stranger: Server;

const urlOf = (server: Server): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

beforeAll(async () => {
  remote = await serve();
  silent = createServer(() => undefined);
  stranger = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
  await Promise.all([silent, stranger].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
});
afterAll(async () => {
  silent?.closeAllConnections();
  await Promise.all([silent, stranger].map((server) => server && new Promise((resolve) => server.close(resolve))));
  await remote?.stop();
  removeFakeUserData();
});

/** The remote server "at" https://admin.flowgate.test:PORT: the name and TLS are this fake network's, the server is the real one on loopback. */
const remoteUrl = (): string => `https://${REMOTE_NAME}:${new URL(remote.adminUrl).port}`;
const viaLoopback: ServerFetch = (url, init) => globalThis.fetch(url.replace(remoteUrl(), remote.adminUrl), init);

describe('the admin URL and key a person types', () => {
  it.each([
    ['https://admin.example.com:4300', 'https://admin.example.com:4300'],
    ['  https://Admin.Example.com:4300/  ', 'https://admin.example.com:4300'],
    ['https://admin.example.com/admin/v1', 'https://admin.example.com'],
    ['http://127.0.0.1:4300', 'http://127.0.0.1:4300'],
    ['http://localhost:4300/', 'http://localhost:4300'],
    ['http://[::1]:4300', 'http://[::1]:4300'],
  ])('takes %s as %s', (typed, origin) => {
    expect(checkAdminUrl(typed)).toEqual({ ok: true, value: origin });
  });

  it.each([
    ['', "Enter the server's admin URL"],
    ['admin.example.com', 'is not a URL'],
    ['ftp://admin.example.com', 'must start with https://'],
    ['https://me:secret@admin.example.com', 'Leave the user name and password out'],
    ['https://admin.example.com/?key=x', 'takes no query'],
    ['https://admin.example.com/editor', 'without the path /editor'],
    ['http://admin.example.com:4300', 'Only https:// is accepted for a server on another machine'],
    ['http://192.168.1.20:4300', 'connect to https://192.168.1.20:4300'],
  ])('refuses %j, saying %s', (typed, says) => {
    const checked = checkAdminUrl(typed);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.message).toContain(says);
  });

  it('takes a key of 16 characters or more', () => {
    expect(checkAdminKey(' k'.repeat(2))).toMatchObject({ ok: false, message: expect.stringContaining('too short') });
    expect(checkAdminKey('')).toMatchObject({ ok: false, message: expect.stringContaining('FILE.admin-key') });
    expect(checkAdminKey(' abcdefghijklmnop ')).toEqual({ ok: true, value: 'abcdefghijklmnop' });
  });
});

describe('the title bar', () => {
  it('names the workspace on this computer, or the remote server', () => {
    expect(windowTitle({ kind: 'local', workspace: '/home/ana/Flowgate/shop.db' })).toBe('shop.db — Flowgate — this computer');
    expect(windowTitle({ kind: 'remote', adminUrl: 'https://admin.example.com' })).toBe('Flowgate — admin.example.com');
    expect(windowTitle({ kind: 'remote', adminUrl: 'https://admin.example.com:4300' })).toBe('Flowgate — admin.example.com:4300');
    expect(windowTitle({ kind: 'remote', adminUrl: 'http://127.0.0.1:4300' })).toBe('Flowgate — this computer');
  });
});

describe('the kept connection', () => {
  const dir = (): string => new FakeElectron().userData;

  it('keeps the key sealed by safeStorage, in a file only this user reads, and unseals it', async () => {
    const userData = dir();
    const sealer = new FakeSafeStorage();
    expect(await saveServer(sealer, userData, { adminUrl: 'https://admin.example.com', adminKey: 'the-admin-key-0123456789', connected: true })).toBeUndefined();
    const file = path.join(userData, REMOTE_SERVER_FILE);
    expect(readFileSync(file, 'utf8')).not.toContain('the-admin-key-0123456789');
    expect(statSync(file).mode & 0o777).toBe(OWNER_ONLY);
    expect(await loadSavedServer(sealer, userData)).toEqual({ server: { adminUrl: 'https://admin.example.com', adminKey: 'the-admin-key-0123456789', connected: true } });
  });

  it('keeps nothing where the OS cannot seal it, and says so', async () => {
    for (const setup of [(s: FakeSafeStorage) => (s.available = false), (s: FakeSafeStorage) => (s.backend = 'basic_text')]) {
      const userData = dir();
      const sealer = new FakeSafeStorage();
      setup(sealer);
      const notice = await saveServer(sealer, userData, { adminUrl: 'https://admin.example.com', adminKey: 'the-admin-key-0123456789', connected: true });
      expect(notice).toMatch(/The admin key of https:\/\/admin\.example\.com was not kept: (safeStorage is unavailable|no OS keyring)/);
      expect(existsSync(path.join(userData, REMOTE_SERVER_FILE))).toBe(false);
    }
  });

  it('reads a missing file as nothing kept, and a broken or unsealable one as a notice', async () => {
    const userData = dir();
    expect(await loadSavedServer(new FakeSafeStorage(), userData)).toEqual({});
    writeFileSync(path.join(userData, REMOTE_SERVER_FILE), '{"version":1');
    expect((await loadSavedServer(new FakeSafeStorage(), userData)).notice).toContain('is not a saved connection Flowgate can read');
    writeFileSync(path.join(userData, REMOTE_SERVER_FILE), JSON.stringify({ version: 1, adminUrl: 'https://a.example', sealedKey: 'Z2FyYmFnZQ==', connected: true }));
    expect((await loadSavedServer(new FakeSafeStorage(), userData)).notice).toMatch(/^Could not unseal the admin key of https:\/\/a\.example/);
  });
});

describe('checking a server before connecting', () => {
  it('answers the runtime URL for the right key', async () => {
    expect(await checkServer(globalThis.fetch, remote.adminUrl, remote.adminKey)).toEqual({ ok: true, value: { runtimeUrl: remote.runtimeUrl } });
  });

  it('says why it cannot: wrong key, no server, not Flowgate, no answer', async () => {
    const wrongKey = await checkServer(globalThis.fetch, remote.adminUrl, 'not-the-admin-key-at-all');
    expect(wrongKey).toEqual({ ok: false, message: `The admin key is not the one of the server at ${remote.adminUrl}.` });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const nobody = urlOf(closed);
    await new Promise((resolve) => closed.close(resolve));
    expect(await checkServer(globalThis.fetch, nobody, remote.adminKey)).toMatchObject({ ok: false, message: expect.stringContaining(`Could not reach ${nobody}`) });
    expect(await checkServer(globalThis.fetch, urlOf(stranger), remote.adminKey)).toMatchObject({ ok: false, message: expect.stringContaining("something other than Flowgate's admin API") });
    const started = Date.now();
    expect(await checkServer(globalThis.fetch, urlOf(silent), remote.adminKey, SHORT_TIMEOUT_MS)).toMatchObject({ ok: false, message: expect.stringContaining('no answer within 0.2 s') });
    expect(Date.now() - started).toBeLessThan(SHORT_TIMEOUT_MS * 10);
  });
});

describe('the connection as a state machine', () => {
  it('goes local → connecting → remote, back where it was on a failure, and local on Disconnect', async () => {
    const states: ConnectionState['kind'][] = [];
    const connection = createRemoteConnection({
      fetch: viaLoopback, sealer: new FakeSafeStorage(), userDataDir: () => new FakeElectron().userData, onChange: (state) => states.push(state.kind), log: () => undefined,
    });
    expect((await connection.connect({ adminUrl: 'http://admin.example.com', adminKey: remote.adminKey })).ok).toBe(false);
    expect(states).toEqual([]);
    const connected = await connection.connect({ adminUrl: remoteUrl(), adminKey: remote.adminKey });
    expect(connected).toMatchObject({ ok: true, value: { origin: remoteUrl(), runtimeUrl: remote.runtimeUrl, adminKey: remote.adminKey } });
    const failed = await connection.connect({ adminUrl: urlOf(stranger), adminKey: remote.adminKey });
    expect(failed.ok).toBe(false);
    expect(connection.editor()?.adminUrl).toBe(remoteUrl());
    connection.disconnect();
    expect(states).toEqual(['connecting', 'remote', 'connecting', 'remote', 'local']);
    // The key was kept for that URL: an empty key field reuses it.
    expect((await connection.connect({ adminUrl: remoteUrl(), adminKey: '' })).ok).toBe(true);
  });

  it('lets a Disconnect win over a connection still being checked', async () => {
    const connection = createRemoteConnection({
      fetch: viaLoopback, sealer: new FakeSafeStorage(), userDataDir: () => new FakeElectron().userData, onChange: () => undefined, log: () => undefined,
    });
    const pending = connection.connect({ adminUrl: remoteUrl(), adminKey: remote.adminKey });
    connection.disconnect();
    expect(await pending).toMatchObject({ ok: false });
    expect(connection.state()).toEqual({ kind: 'local' });
  });
});

describe('desktop app: File ▸ Connect to Server…', () => {
  async function connectThroughTheWindow(electron: FakeElectron, adminKey: string): Promise<ReturnType<FakeElectron['createWindow']>> {
    const connectWindow = electron.windows.at(-1)!;
    const query = new URLSearchParams({ adminUrl: remoteUrl(), adminKey });
    expect(connectWindow.webContents.navigate(`${CONNECT_URL}?${query.toString()}`)).toBe(false);
    return connectWindow;
  }

  it('shows the remote editor with its own key, titled with its name, until Disconnect returns to this computer', async () => {
    const electron = new FakeElectron();
    electron.fetch = viaLoopback;
    const { desktop } = await launch(electron);
    const main = electron.windows[0]!;
    const local = `${electron.server.adminUrl}/`;
    const localKey = electron.server.options.env.FLOWGATE_ADMIN_KEY;
    expect(main.title).toBe('workspace.db — Flowgate — this computer');

    desktop.actions.connectToServer();
    const connectWindow = electron.windows.at(-1)!;
    expect(connectWindow).not.toBe(main);
    expect(pageText(connectWindow.webContents.url)).toContain('The window shows the workspace on this computer.');
    // Another page (the editor itself) can't submit the form.
    expect(main.webContents.navigate(`${CONNECT_URL}?adminUrl=${encodeURIComponent(remoteUrl())}&adminKey=${remote.adminKey}`)).toBe(false);
    expect(main.title).toBe('workspace.db — Flowgate — this computer');

    await connectThroughTheWindow(electron, remote.adminKey);
    await until(() => connectWindow.destroyed, 'the Connect window to close');
    expect(main.webContents.url).toBe(`${remoteUrl()}/`);
    expect(main.title).toBe(`Flowgate — ${REMOTE_NAME}:${new URL(remoteUrl()).port}`);
    expect(electron.ipcMain.sendSync(IPC_CHANNELS.bootstrap, `${remoteUrl()}/`)).toMatchObject({ adminUrl: remoteUrl(), adminKey: remote.adminKey });
    // This computer's key never goes to the remote page, nor the remote key to a page of this computer's.
    expect(electron.ipcMain.sendSync(IPC_CHANNELS.bootstrap, local)).toBeNull();
    expect(main.webContents.navigate(`${remoteUrl()}/apis`)).toBe(true);
    expect(main.webContents.navigate(`${local}apis`)).toBe(false);
    const file = (electron.menuTemplate[0]!.submenu as { label?: string; enabled?: boolean }[]).find((item) => item.label === 'Disconnect');
    expect(file?.enabled).toBe(true);

    desktop.actions.disconnect();
    expect(main.webContents.url).toBe(local);
    expect(main.title).toBe('workspace.db — Flowgate — this computer');
    expect(electron.ipcMain.sendSync(IPC_CHANNELS.bootstrap, local)).toMatchObject({ adminKey: localKey });
    expect(electron.ipcMain.sendSync(IPC_CHANNELS.bootstrap, `${remoteUrl()}/`)).toBeNull();
  });

  it("keeps the remote editor when this computer's server stops, and shows why after Disconnect", async () => {
    const electron = new FakeElectron();
    electron.fetch = viaLoopback;
    const { desktop } = await launch(electron);
    const main = electron.windows[0]!;
    desktop.actions.connectToServer();
    await connectThroughTheWindow(electron, remote.adminKey);
    await until(() => main.webContents.url === `${remoteUrl()}/`, 'the remote editor');
    electron.server.exit(1, 'Error: disk I/O error');
    await until(() => electron.server.exitCode !== undefined && desktop.server === undefined, 'the local server to be gone');
    expect(main.webContents.url).toBe(`${remoteUrl()}/`);
    desktop.actions.disconnect();
    expect(pageText(main.webContents.url)).toContain('The Flowgate server stopped unexpectedly.');
    expect(pageText(main.webContents.url)).toContain('disk I/O error');
  });

  it('says why a connection failed in the Connect window, leaving the editor where it was', async () => {
    const electron = new FakeElectron();
    electron.fetch = viaLoopback;
    const { desktop } = await launch(electron);
    const main = electron.windows[0]!;
    desktop.actions.connectToServer();
    const connectWindow = await connectThroughTheWindow(electron, 'a-wrong-admin-key-here');
    await until(() => pageText(connectWindow.webContents.url).includes('role="alert"'), 'the error on the Connect page');
    expect(pageText(connectWindow.webContents.url)).toContain(`The admin key is not the one of the server at ${remoteUrl()}.`);
    expect(main.webContents.url).toBe(`${electron.server.adminUrl}/`);
    expect(connectWindow.destroyed).toBe(false);
  });

  it('reconnects at the next launch with the kept key, and stays on this computer after a Disconnect', async () => {
    const first = new FakeElectron();
    first.fetch = viaLoopback;
    const { desktop } = await launch(first);
    desktop.actions.connectToServer();
    const connectWindow = await connectThroughTheWindow(first, remote.adminKey);
    await until(() => connectWindow.destroyed, 'the Connect window to close');

    const second = new FakeElectron(first.userData);
    second.fetch = viaLoopback;
    const relaunched = await launch(second);
    expect(second.windows[0]!.webContents.url).toBe(`${remoteUrl()}/`);
    expect(second.ipcMain.sendSync(IPC_CHANNELS.bootstrap, `${remoteUrl()}/`)).toMatchObject({ adminKey: remote.adminKey });

    // Disconnect from the Connect window's link this time.
    relaunched.desktop.actions.connectToServer();
    const again = second.windows.at(-1)!;
    expect(pageText(again.webContents.url)).toContain(`Connected to <code>${remoteUrl()}</code>`);
    expect(again.webContents.navigate(DISCONNECT_URL)).toBe(false);
    await until(() => existsSync(path.join(first.userData, REMOTE_SERVER_FILE)) && !readFileSync(path.join(first.userData, REMOTE_SERVER_FILE), 'utf8').includes('"connected": true'), 'the connection to be kept as disconnected');
    const third = new FakeElectron(first.userData);
    third.fetch = viaLoopback;
    await launch(third);
    expect(third.windows[0]!.webContents.url).toBe(`${third.server.adminUrl}/`);
  });

  it('says so at launch when the server it was connected to cannot be reached, and opens this computer', async () => {
    const first = new FakeElectron();
    first.fetch = viaLoopback;
    const { desktop } = await launch(first);
    desktop.actions.connectToServer();
    await connectThroughTheWindow(first, remote.adminKey);
    await until(() => first.windows[0]!.webContents.url === `${remoteUrl()}/`, 'the remote editor');

    const second = new FakeElectron(first.userData);
    second.fetch = () => Promise.reject(new TypeError('fetch failed'));
    await launch(second);
    expect(second.windows[0]!.webContents.url).toBe(`${second.server.adminUrl}/`);
    expect(second.dialog.messages().join('\n')).toContain(`Flowgate was connected to ${remoteUrl()} when it last quit, but could not connect again`);
  });
});
