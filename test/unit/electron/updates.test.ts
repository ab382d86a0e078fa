import type { MessageBoxOptions } from 'electron';
import { afterAll, describe, expect, it } from 'vitest';
import { isPublishRequest, PUBLISH_ROUTE_PATHS } from '../../../electron/publish-watch.js';
import { ADMIN_PREFIX } from '../../../shared/api/admin.js';
import { apiRoutes } from '../../../shared/api/apis.js';
import { workspaceRoutes } from '../../../shared/api/workspace.js';
import { createUpdates, UPDATE_CHECK_INTERVAL_MS } from '../../../electron/updates.js';
import { FakeElectron, FakeUpdater, removeFakeUserData, until } from './fake-electron.js';
import { launch } from './launch-desktop.js';

afterAll(removeFakeUserData);

/** A packaged app whose feed offers `latest`. */
function packaged(latest = '0.2.0'): FakeElectron {
  const electron = new FakeElectron();
  electron.app.isPackaged = true;
  electron.updaterFake.latest = latest;
  return electron;
}

const messages = (electron: FakeElectron): MessageBoxOptions[] =>
  electron.dialog.calls.filter((call) => call.kind === 'message').map((call) => call.options as MessageBoxOptions);
const restartQuestions = (electron: FakeElectron) => messages(electron).filter((box) => box.buttons?.includes('Restart Now'));
const stopRequested = (electron: FakeElectron): boolean => electron.server.messages.some((message) => (message as { type: string }).type === 'stop');

describe('updates: checking', () => {
  it('checks at start and then once a day, in the background', async () => {
    const updater = new FakeUpdater();
    let daily: (() => void) | undefined;
    let interval = 0;
    const updates = createUpdates({
      updater,
      currentVersion: '0.1.0',
      prompts: { confirmRestart: () => Promise.resolve(false), inform: () => undefined },
      publishes: { inFlight: () => 0, idle: () => Promise.resolve() },
      restart: { prepare: () => Promise.resolve(), abandon: () => undefined },
      log: () => undefined,
      every: (ms, task) => {
        interval = ms;
        daily = task;
        return () => (daily = undefined);
      },
    });
    updates.start();
    await until(() => updater.checks === 1 && updates.state.phase === 'idle', 'the check at start');
    expect(interval).toBe(UPDATE_CHECK_INTERVAL_MS);
    expect(UPDATE_CHECK_INTERVAL_MS).toBe(24 * 60 * 60 * 1000);
    daily!();
    await until(() => updater.checks === 2, 'the daily check');
    updates.stop();
    expect(daily).toBeUndefined();
    // The app downloads itself (so it can catch a refused download) and installs a ready update at quit.
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('checks nothing in a start from source, and Check for Updates… says why', async () => {
    const electron = new FakeElectron();
    electron.updaterFake.latest = '0.2.0';
    const { desktop, logs } = await launch(electron);
    expect(logs).toContain('updates are off: This copy runs from source (npm start): update it with git pull.');
    await desktop.updates!.checkNow();
    expect(electron.updaterFake.checks).toBe(0);
    expect(messages(electron).at(-1)).toMatchObject({ message: 'Updates come with the installed app.', detail: expect.stringContaining('git pull') });
  });

  it('Check for Updates… says when this is the latest version, and when the feed cannot be reached', async () => {
    const electron = packaged('0.1.0');
    const { desktop, logs } = await launch(electron);
    await until(() => electron.updaterFake.checks === 1 && desktop.updates!.state.phase === 'idle', 'the check at start');
    expect(messages(electron)).toEqual([]);
    await desktop.updates!.checkNow();
    expect(messages(electron).at(-1)?.message).toBe('Flowgate 0.1.0 is the latest version.');

    electron.updaterFake.checkFailure = Object.assign(new Error('Cannot find channel "latest-linux.yml" update info: HttpError: 404'), { code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' });
    await desktop.updates!.checkNow();
    expect(messages(electron).at(-1)).toMatchObject({ message: 'Could not check for updates.', detail: expect.stringContaining('latest-linux.yml') });
    expect(logs.join('\n')).toContain('could not check for updates: Cannot find channel');
  });
});

describe('updates: download and restart', () => {
  it('downloads a new version in the background and asks before restarting; Later leaves it for the next quit', async () => {
    const electron = packaged();
    electron.dialog.messageResponse = 1;
    const { desktop, logs } = await launch(electron);
    await until(() => restartQuestions(electron).length === 1, 'the restart question');
    expect(restartQuestions(electron)[0]).toMatchObject({ message: 'Flowgate 0.2.0 is ready to install.', buttons: ['Restart Now', 'Later'], defaultId: 0, cancelId: 1 });
    expect(electron.updaterFake.downloads).toBe(1);
    expect(electron.updaterFake.installs).toBe(0);
    expect(logs).toContain('Flowgate 0.2.0 is ready; it installs when you quit');
    expect(desktop.server!.running).toBe(true);
    // The daily check doesn't ask again; the menu does.
    await desktop.updates!.checkNow();
    expect(restartQuestions(electron)).toHaveLength(2);
  });

  it('Restart Now lets the server drain and flush, then quits and installs', async () => {
    const electron = packaged();
    electron.updaterFake.onQuitAndInstall = () => electron.app.quit();
    await launch(electron);
    await until(() => electron.app.quitted, 'the quit for the update');
    expect(electron.updaterFake.installs).toBe(1);
    expect(stopRequested(electron)).toBe(true);
    expect(electron.server.exitCode).toBe(0);
  });

  it('never restarts while the editor is publishing: it waits for the publish to finish', async () => {
    const electron = packaged();
    electron.updaterFake.holdDownloads = true;
    electron.updaterFake.onQuitAndInstall = () => electron.app.quit();
    const { editorUrl } = await launch(electron);
    const publish = electron.session.send('POST', `${editorUrl()}admin/v1/apis/api_users/publish`);
    const rollback = electron.session.send('POST', `${editorUrl()}admin/v1/apis/api_users/rollback`);
    electron.updaterFake.finishDownload();
    await until(() => restartQuestions(electron).length === 1, 'the restart question');
    publish.finish();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(electron.updaterFake.installs).toBe(0);
    expect(stopRequested(electron)).toBe(false);
    rollback.finish('error');
    await until(() => electron.app.quitted, 'the quit for the update');
    expect(electron.updaterFake.installs).toBe(1);
  });

  it('watches the routes the admin contract declares for publish, unpublish, rollback and import', () => {
    const declared = [apiRoutes.publish, apiRoutes.unpublish, apiRoutes.rollback, workspaceRoutes.import];
    expect(declared.every((route) => route.method === 'POST')).toBe(true);
    expect(PUBLISH_ROUTE_PATHS).toEqual(declared.map((route) => `${ADMIN_PREFIX}${route.path}`));
  });

  it('counts only the editor’s own publish, unpublish, rollback and import requests', () => {
    const editor = 'http://127.0.0.1:50001';
    expect(isPublishRequest('POST', `${editor}/admin/v1/apis/api_1/publish`, editor)).toBe(true);
    expect(isPublishRequest('POST', `${editor}/admin/v1/apis/api_1/unpublish`, editor)).toBe(true);
    expect(isPublishRequest('POST', `${editor}/admin/v1/apis/api_1/rollback`, editor)).toBe(true);
    expect(isPublishRequest('POST', `${editor}/admin/v1/workspace/import`, editor)).toBe(true);
    expect(isPublishRequest('GET', `${editor}/admin/v1/apis/api_1/publish`, editor)).toBe(false);
    expect(isPublishRequest('POST', `${editor}/admin/v1/apis/api_1/test-run`, editor)).toBe(false);
    expect(isPublishRequest('POST', `${editor}/admin/v1/apis/api_1/publish/x`, editor)).toBe(false);
    expect(isPublishRequest('POST', 'http://127.0.0.1:4310/admin/v1/apis/api_1/publish', editor)).toBe(false);
    expect(isPublishRequest('POST', `${editor}/admin/v1/apis/api_1/publish`, undefined)).toBe(false);
  });

  it('refuses a download that fails its checksum: nothing to install, no restart offered, and the menu says why', async () => {
    const electron = packaged();
    electron.updaterFake.downloadOutcome = 'checksum-mismatch';
    const { desktop, logs } = await launch(electron);
    await until(() => electron.updaterFake.downloads === 1, 'the download');
    await until(() => logs.some((line) => line.includes('did not match the checksum')), 'the refusal');
    expect(restartQuestions(electron)).toEqual([]);
    expect(desktop.updates!.state).toEqual({ phase: 'idle' });

    await desktop.updates!.checkNow();
    expect(electron.updaterFake.downloads).toBe(2);
    expect(messages(electron).at(-1)).toMatchObject({
      message: 'Flowgate 0.2.0 was not downloaded.',
      detail: expect.stringMatching(/did not match the checksum in the update feed \(damaged or tampered with\), so it was deleted/),
    });
    expect(electron.updaterFake.installs).toBe(0);
  });

  it('brings the server back and says so when the install fails', async () => {
    const electron = packaged();
    electron.updaterFake.installOutcome = 'error';
    const { desktop } = await launch(electron);
    await until(() => electron.updaterFake.installs === 1, 'the install');
    await until(() => electron.servers.length === 2 && desktop.server?.running === true, 'the server again');
    expect(electron.servers[0]!.exitCode).toBe(0);
    expect(electron.window.webContents.url).toBe(`${electron.server.adminUrl}/`);
    expect(messages(electron).at(-1)).toMatchObject({ message: 'Flowgate 0.2.0 could not be installed.', detail: expect.stringContaining('The installer could not be started.') });
    expect(electron.app.quitted).toBe(false);
    expect(desktop.updates!.state).toEqual({ phase: 'ready', version: '0.2.0' });
  });
});
