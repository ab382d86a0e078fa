import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editorCsp } from '../../../electron/csp.js';
import { CANCEL_PREFERENCES_URL } from '../../../electron/preferences.js';
import { STATE_FILE } from '../../../electron/state.js';
import { PREFERENCES_URL } from '../../../electron/window.js';
import { FakeElectron, removeFakeUserData, until, type FakeWindow } from './fake-electron.js';
import { launch, pageText } from './launch-desktop.js';

afterAll(removeFakeUserData);

const savedState = (electron: FakeElectron) => JSON.parse(readFileSync(path.join(electron.userData, STATE_FILE), 'utf8'));
const preferencesWindow = (electron: FakeElectron): FakeWindow => electron.windows.findLast((window) => window.options.title === 'Flowgate Preferences')!;
const submit = (window: FakeWindow, query: string): boolean => window.webContents.navigate(`${PREFERENCES_URL}?${query}`);

describe('desktop app: the runtime port', () => {
  it('asks for the default port 4310 with --port-fallback', async () => {
    const { electron } = await launch();
    expect(electron.server.flag('--port')).toBe('4310');
    expect(electron.server.args).toContain('--port-fallback');
  });

  it('listens on a free port when 4310 is taken, and the editor, its CSP and About use that address', async () => {
    const electron = new FakeElectron();
    electron.serverBehaviour.takenPorts.add(4310);
    const { desktop, logs, editorUrl } = await launch(electron);
    const runtimeUrl = electron.server.runtimeUrl!;
    expect(runtimeUrl).not.toBe('http://127.0.0.1:4310');
    expect(electron.window.webContents.url).toBe(editorUrl());
    expect(logs.join('\n')).toContain(`port 4310 is taken by another program; the published APIs are at ${runtimeUrl} this time`);
    // The editor may call the runtime where it actually is (the tester, snippets and OpenAPI read it from the server's session answer).
    expect(electron.session.headersFor(editorUrl(), {})!['Content-Security-Policy']).toEqual([editorCsp(runtimeUrl)]);
    desktop.actions.about();
    await until(() => electron.dialog.calls.length === 1, 'the About box');
    expect(electron.dialog.calls[0]!.options).toMatchObject({ detail: expect.stringContaining(`Published APIs: ${runtimeUrl} (port 4310 was taken)`) });
  });

  it('starts on the saved port, or on any free port when that is the preference', async () => {
    const electron = new FakeElectron();
    writeFileSync(path.join(electron.userData, STATE_FILE), JSON.stringify({ runtimePort: 5123 }));
    await launch(electron);
    expect(electron.server.flag('--port')).toBe('5123');

    const anyPort = new FakeElectron();
    writeFileSync(path.join(anyPort.userData, STATE_FILE), JSON.stringify({ runtimePort: 0 }));
    await launch(anyPort);
    expect(anyPort.server.flag('--port')).toBe('0');
  });

  it('ignores a saved port outside 1024–65535 and keeps the rest of the saved state', async () => {
    const electron = new FakeElectron();
    writeFileSync(path.join(electron.userData, STATE_FILE), JSON.stringify({ runtimePort: 80, window: { x: 10, y: 20, width: 1000, height: 700 } }));
    await launch(electron);
    expect(electron.server.flag('--port')).toBe('4310');
    expect(electron.window.options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700 });
  });
});

describe('desktop app: Preferences', () => {
  it('opens one locked-down window without a preload, showing the saved port and where the APIs are now', async () => {
    const electron = new FakeElectron();
    electron.serverBehaviour.takenPorts.add(4310);
    const { desktop } = await launch(electron);
    desktop.actions.preferences();
    desktop.actions.preferences();
    const window = preferencesWindow(electron);
    expect(electron.windows.filter((each) => each.options.title === 'Flowgate Preferences')).toHaveLength(1);
    expect(window.focused).toBe(1);
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(window.options.webPreferences?.preload).toBeUndefined();
    const html = pageText(window.webContents.url);
    expect(html).toContain('name="port" min="1024" max="65535" value="4310"');
    expect(html).toContain(`Now at <code>${electron.server.runtimeUrl}</code> (port 4310 was taken by another program).`);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none';[^"]*form-action https:\/\/flowgate\.invalid"/);
    expect(html).not.toMatch(/<script/i);
  });

  it('saves a port for the next server start, and Save and Restart Server applies it at once', async () => {
    const { electron, desktop } = await launch();
    desktop.actions.preferences();
    expect(submit(preferencesWindow(electron), 'choice=port&port=5200&then=save')).toBe(false);
    expect(preferencesWindow(electron).destroyed).toBe(true);
    expect(savedState(electron).runtimePort).toBe(5200);
    expect(electron.servers).toHaveLength(1);

    desktop.actions.preferences();
    submit(preferencesWindow(electron), 'choice=port&port=5300&then=restart');
    await until(() => electron.servers.length === 2 && electron.windows[0]!.webContents.url === `${electron.server.adminUrl}/`, 'the editor on the restarted server');
    expect(electron.server.flag('--port')).toBe('5300');
    expect(savedState(electron).runtimePort).toBe(5300);
  });

  it('saves "any free port" as port 0', async () => {
    const { electron, desktop } = await launch();
    desktop.actions.preferences();
    submit(preferencesWindow(electron), 'choice=any&port=4310&then=restart');
    await until(() => electron.servers.length === 2, 'the restarted server');
    expect(electron.server.flag('--port')).toBe('0');
    expect(savedState(electron).runtimePort).toBe(0);
  });

  it('refuses ports outside 1024–65535 and anything but a number, keeping the window open with the reason', async () => {
    const { electron, desktop } = await launch();
    desktop.actions.preferences();
    const window = preferencesWindow(electron);
    for (const [port, reason] of [
      ['80', /80 is not a port Flowgate can use: enter a whole number from 1024 to 65535 \(lower ports need administrator rights\)/],
      ['65536', /65536 is not a port Flowgate can use/],
      ['43.5', /43.5 is not a port Flowgate can use/],
      ['http', /http is not a port Flowgate can use/],
      ['', /Enter a port from 1024 to 65535, or choose any free port/],
    ] as const) {
      expect(submit(window, `choice=port&port=${encodeURIComponent(port)}&then=save`)).toBe(false);
      const html = pageText(window.webContents.url);
      expect(html, port).toMatch(reason);
      expect(html, port).toContain(`name="port" min="1024" max="65535" value="${port}"`);
      expect(window.destroyed).toBe(false);
    }
    expect(electron.servers).toHaveLength(1);
    expect(savedState(electron).runtimePort).toBeUndefined();
  });

  it('Cancel closes the window without saving', async () => {
    const { electron, desktop } = await launch();
    desktop.actions.preferences();
    const window = preferencesWindow(electron);
    expect(window.webContents.navigate(CANCEL_PREFERENCES_URL)).toBe(false);
    expect(window.destroyed).toBe(true);
    expect(electron.opened).toEqual([]);
  });

  it('takes the form only from its own window: the editor cannot change the port', async () => {
    const { electron, desktop, logs } = await launch();
    expect(electron.window.webContents.navigate(`${PREFERENCES_URL}?choice=port&port=5400&then=restart`)).toBe(false);
    desktop.actions.preferences();
    const editorWindow = electron.windows[0]!;
    expect(editorWindow.webContents.navigate(`${PREFERENCES_URL}?choice=port&port=5400&then=restart`)).toBe(false);
    expect(logs.filter((line) => line.includes('ignored a Preferences submission'))).toHaveLength(2);
    expect(electron.servers).toHaveLength(1);
    expect(electron.opened).toEqual([]);
  });
});
