import { createDesktopApp, type DesktopOptions } from '../../../electron/desktop-app.js';
import { FakeElectron } from './fake-electron.js';

/** What the desktop app is started with in unit tests: a fake Electron, these options, its log kept. */

export const OPTIONS: DesktopOptions = {
  serverEntry: '/app/dist/electron/server-entry.js',
  preload: '/app/dist/electron/preload.cjs',
  platform: 'linux',
  env: { PATH: '/usr/bin', FLOWGATE_KEK: 'inherited-kek', FLOWGATE_ADMIN_KEY: 'inherited-key' },
  versions: { electron: '45.4.1', chrome: '142', node: '22.20.0' },
  stopTimeoutMs: 200,
  log: () => undefined,
};

/** Starts the desktop app on a fake and waits until the window shows the editor. */
export async function launch(electron = new FakeElectron(), options: Partial<DesktopOptions> = {}) {
  const logs: string[] = [];
  const desktop = createDesktopApp(electron, { ...OPTIONS, log: (line) => logs.push(line), ...options });
  await desktop.start();
  return { electron, desktop, logs, editorUrl: () => `${electron.server.adminUrl}/` };
}

/** The HTML of a shell page (a data: URL). */
export const pageText = (dataUrl: string): string => Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64').toString('utf8');
