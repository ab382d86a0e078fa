import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { MenuCommand } from '../shared/desktop-bridge.js';
import { installCsp } from './csp.js';
import { IPC_CHANNELS } from './ipc-contract.js';
import { registerIpc } from './ipc.js';
import { createConnectWindow } from './connect-window.js';
import { buildMenuTemplate, type MenuActions } from './menu.js';
import { serverStoppedPage, startingPage } from './pages.js';
import { createPreferencesWindow } from './preferences-window.js';
import { watchPublishes, type PublishWatch } from './publish-watch.js';
import { createRemoteConnection, windowTitle as titleFor, type ConnectionState } from './remote-connection.js';
import { loadKek, newAdminKey } from './secrets.js';
import { DEFAULT_RUNTIME_PORT, ServerProcess, ServerStartError, STOP_TIMEOUT_MS, type ServerExit } from './server-process.js';
import { loadState, restorableBounds, saveState, type DesktopState } from './state.js';
import type { DesktopWindow, ElectronSurface, Preventable } from './surface.js';
import { askToRestartForUpdate } from './update-dialogs.js';
import { createUpdates, type Updates } from './updates.js';
import { editorWebPreferences, editorWindowOptions, guardWebContents, installPermissionPolicy, originOf, type GuardOptions } from './window.js';
import { askForNewWorkspace, askForWorkspace } from './workspace-dialogs.js';

export const DEFAULT_WORKSPACE_FILE = 'workspace.db';

export type DesktopOptions = {
  /** The compiled utility-process entry (dist/electron/server-entry.js). */
  serverEntry: string;
  /** The compiled preload (dist/electron/preload.cjs). */
  preload: string;
  /** The window icon where the OS takes it from the window (Linux). */
  icon?: string;
  platform: NodeJS.Platform;
  /** The environment the server process starts from. */
  env: Record<string, string | undefined>;
  /** Shown by Help ▸ About. */
  versions: { electron?: string; chrome?: string; node?: string };
  readyTimeoutMs?: number;
  stopTimeoutMs?: number;
  log?: (line: string) => void;
};

/** The usual reason said plainly; the output below it has the details. */
function startFailureHeadline(output: string[]): string {
  const busyPort = output.map((line) => /EADDRINUSE\b.*:(\d+)\s*$/.exec(line)?.[1]).find(Boolean);
  if (busyPort) return `The Flowgate server could not start: another program is using port ${busyPort}.`;
  return 'The Flowgate server could not start.';
}

/** Where the editor is while a server runs; runtimePortTaken is the saved port another program held. */
type Editor = { origin: string; adminUrl: string; runtimeUrl: string; runtimePortTaken?: number };

export type DesktopController<W extends DesktopWindow = DesktopWindow> = {
  /** Takes the single-instance lock, starts the server and opens the window; resolves once the first server is up (or failed). */
  start: () => Promise<void>;
  actions: MenuActions;
  readonly window: W | undefined;
  readonly server: ServerProcess | undefined;
  /** Set once the app is ready. */
  readonly updates: Updates | undefined;
};

/**
 * The desktop shell: one window on the editor, one server process behind it, menus and
 * dialogs around them. Everything Electron is reached through `electron`, so tests drive it
 * with a fake.
 */
export function createDesktopApp<W extends DesktopWindow>(electron: ElectronSurface<W>, options: DesktopOptions): DesktopController<W> {
  const { app } = electron;
  const log = options.log ?? ((line: string) => console.log(`[flowgate] ${line}`));
  const stopTimeoutMs = options.stopTimeoutMs ?? STOP_TIMEOUT_MS;
  let userData = '';
  let state: DesktopState = {};
  let adminKey = '';
  let kek: string | undefined;
  let window: W | undefined;
  let server: ServerProcess | undefined;
  let editor: Editor | undefined;
  /** The workspace being served, or the one that failed to start (what Restart retries). */
  let workspace = '';
  /** What the window shows (or will show once it exists). */
  let page = '';
  /** What it shows of this computer's server; the page again after Disconnect. */
  let localPage = '';
  let quitting: 'no' | 'stopping' | 'done' = 'no';
  /** Windows can only be made once the app is ready; macOS may send `activate` earlier. */
  let ready = false;
  let queue: Promise<void> = Promise.resolve();
  let updates: Updates | undefined;

  /** Server switches run one at a time, in order: a second click waits for the first. */
  const serially = (task: () => Promise<void>): Promise<void> =>
    (queue = queue.then(task).catch((error: unknown) => log(`unexpected: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)));

  const guard: GuardOptions = {
    editorOrigin: () => shown()?.origin,
    openExternal: (url) => void electron.shell.openExternal(url).catch((error: unknown) => log(`could not open ${url}: ${String(error)}`)),
    restartServer: () => void actions.restartServer(),
    submitPreferences: (contents, url) => preferences.submit(contents, url),
    submitConnect: (contents, url) => connectWindow.submit(contents, url),
    webPreferences: editorWebPreferences(options.preload),
  };

  const preferences = createPreferencesWindow({
    createWindow: electron.createWindow,
    icon: options.icon,
    current: () => ({ runtimePort: runtimePort(), runtimeUrl: editor?.runtimeUrl, runtimePortTaken: editor?.runtimePortTaken }),
    save: (port) => {
      log(`the published APIs will listen on ${port === 0 ? 'any free port' : `port ${port}`} from the next server start`);
      remember({ ...state, runtimePort: port });
    },
    restartServer: () => void actions.restartServer(),
    log,
  });

  const connection = createRemoteConnection({
    fetch: electron.fetch,
    sealer: electron.safeStorage,
    userDataDir: () => userData,
    onChange: connectionChanged,
    log,
  });
  const connectWindow = createConnectWindow({ createWindow: electron.createWindow, icon: options.icon, connection, log });

  /** The editor the window shows: the remote server's while connected, else this computer's (undefined while it is down). */
  const shown = (): Editor | undefined => connection.editor() ?? editor;

  /** The window follows the connection: the remote editor, or this computer's again (or why it is down). */
  function connectionChanged(next: ConnectionState): void {
    window?.setTitle(windowTitle());
    setMenu();
    if (next.kind === 'connecting') return;
    if (next.kind === 'remote') return show(`${next.editor.adminUrl}/`);
    if (localPage) show(localPage);
  }

  function setMenu(): void {
    electron.menu.setApplicationMenu(buildMenuTemplate(actions, { platform: options.platform, isDev: !app.isPackaged, connected: connection.editor() !== undefined }));
  }

  /** The saved preference (0: any free port); the server falls back to a free port when it is taken. */
  const runtimePort = (): number => state.runtimePort ?? DEFAULT_RUNTIME_PORT;

  function show(url: string): void {
    page = url;
    if (window && !window.isDestroyed()) {
      // A newer load aborts an older one; that rejection is expected.
      window.webContents.loadURL(url).catch((error: unknown) => log(`load ${url.slice(0, 60)}: ${String(error)}`));
    }
  }

  /** What this computer's server has the window show (its editor, starting, stopped); shown now unless a remote editor is. */
  function showLocal(url: string): void {
    localPage = url;
    if (!connection.editor()) show(url);
  }

  function message(text: string, detail?: string): void {
    if (window) void electron.dialog.showMessageBox(window, { type: 'info', message: text, ...(detail ? { detail } : {}), buttons: ['OK'] });
  }

  function remember(next: DesktopState): void {
    state = next;
    try {
      saveState(userData, state);
    } catch (error) {
      log(`could not save the window and workspace state: ${String(error)}`);
    }
  }

  function openWindow(): void {
    const bounds = restorableBounds(state.window, electron.screen.getAllDisplays().map((display) => display.workArea));
    const created = electron.createWindow(editorWindowOptions(options.preload, bounds, options.icon));
    window = created;
    if (state.window?.maximized) created.maximize();
    created.setTitle(windowTitle());
    // The title names the workspace, whatever the page's <title> says.
    created.on('page-title-updated', (event: Preventable) => event.preventDefault());
    created.once('ready-to-show', () => created.show());
    created.on('close', () => {
      const { x, y, width, height } = created.getNormalBounds();
      remember({ ...state, window: { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height), maximized: created.isMaximized() } });
    });
    created.on('closed', () => {
      if (window === created) window = undefined;
    });
    if (page) show(page);
  }

  function windowTitle(): string {
    const remote = connection.editor();
    return remote ? titleFor({ kind: 'remote', adminUrl: remote.adminUrl }) : titleFor({ kind: 'local', workspace });
  }

  function focusWindow(): void {
    if (!ready) return;
    if (!window) return openWindow();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  function serverStopped(headline: string, output: string[]): void {
    editor = undefined;
    // A remote editor stays in the window; this computer's server waits for Disconnect or Restart Server.
    showLocal(serverStoppedPage({ headline, workspace, output }));
  }

  function onUnexpectedExit(process: ServerProcess, exit: ServerExit): void {
    if (server !== process) return;
    server = undefined;
    log(`the server stopped unexpectedly (exit code ${exit.code})`);
    serverStopped('The Flowgate server stopped unexpectedly.', [...exit.output, `(exit code ${exit.code})`]);
  }

  /** Stops the running server (draining it) and starts one on `dbFile`; the window follows. */
  function serve(dbFile: string): Promise<void> {
    return serially(async () => {
      if (quitting !== 'no') return;
      workspace = dbFile;
      editor = undefined;
      window?.setTitle(windowTitle());
      showLocal(startingPage(dbFile));
      const previous = server;
      server = undefined;
      await previous?.stop(stopTimeoutMs);
      let started: ServerProcess;
      try {
        started = await ServerProcess.start(electron.forkServer, {
          entry: options.serverEntry,
          dbFile,
          adminKey,
          kek,
          runtimePort: runtimePort(),
          portFallback: true,
          baseEnv: options.env,
          log,
          readyTimeoutMs: options.readyTimeoutMs,
        });
      } catch (error) {
        log(`the server did not start on ${dbFile}: ${error instanceof Error ? error.message : String(error)}`);
        const output = error instanceof ServerStartError ? error.output : [String(error)];
        serverStopped(startFailureHeadline(output), output);
        return;
      }
      if (quitting !== 'no') {
        await started.stop(stopTimeoutMs);
        return;
      }
      server = started;
      started.onUnexpectedExit((exit) => onUnexpectedExit(started, exit));
      const { adminUrl, runtimeUrl, runtimePortTaken } = started.addresses!;
      editor = { origin: originOf(adminUrl)!, adminUrl, runtimeUrl, ...(runtimePortTaken === undefined ? {} : { runtimePortTaken }) };
      if (runtimePortTaken !== undefined) log(`port ${runtimePortTaken} is taken by another program; the published APIs are at ${runtimeUrl} this time`);
      if (state.workspace !== dbFile) remember({ ...state, workspace: dbFile });
      showLocal(`${adminUrl}/`);
    });
  }

  async function pickNewWorkspace(): Promise<void> {
    const file = window && (await askForNewWorkspace(electron.dialog, window, app.getPath('documents')));
    if (file) await serve(file);
  }

  async function pickWorkspace(): Promise<void> {
    const file = window && (await askForWorkspace(electron.dialog, window));
    if (file && !(file === workspace && server?.running)) await serve(file);
  }

  function forwardToEditor(command: MenuCommand): void {
    if (!window || !shown()) return message('The Flowgate server is not running.', 'Restart it first: File ▸ Restart Server.');
    window.webContents.send(IPC_CHANNELS.menu, command);
  }

  async function openInBrowser(): Promise<void> {
    // A remote editor has no login link to hand out: the browser signs in with the admin key.
    const remote = connection.editor();
    if (remote) return electron.shell.openExternal(`${remote.adminUrl}/`);
    if (!server?.running) return message('The Flowgate server is not running.', 'Restart it first: File ▸ Restart Server.');
    const url = await server.loginUrl();
    await electron.shell.openExternal(url);
  }

  function about(): void {
    const { electron: electronVersion, chrome, node } = options.versions;
    message(
      `Flowgate ${app.getVersion()}`,
      [
        ...(connection.editor() ? [`Connected to: ${connection.editor()!.adminUrl}`] : []),
        `Workspace: ${workspace}`,
        ...(editor
          ? [`Editor: ${editor.adminUrl}`, `Published APIs: ${editor.runtimeUrl}${editor.runtimePortTaken ? ` (port ${editor.runtimePortTaken} was taken)` : ''}`]
          : ['The server is not running.']),
        `Electron ${electronVersion ?? '?'} · Chromium ${chrome ?? '?'} · Node ${node ?? '?'}`,
      ].join('\n'),
    );
  }

  const failSoftly =
    (what: string, task: () => Promise<void>) =>
    (): void =>
      void task().catch((error: unknown) => {
        log(`${what}: ${String(error)}`);
        message(`Could not ${what}.`, error instanceof Error ? error.message : String(error));
      });

  const actions: MenuActions = {
    newWorkspace: failSoftly('create the workspace', pickNewWorkspace),
    openWorkspace: failSoftly('open the workspace', pickWorkspace),
    restartServer: () => void serve(workspace),
    importJson: () => forwardToEditor('import-json'),
    exportJson: () => forwardToEditor('export-json'),
    openInBrowser: failSoftly('open the editor in the browser', openInBrowser),
    about,
    preferences: () => preferences.open(),
    checkForUpdates: failSoftly('check for updates', () => updates?.checkNow() ?? Promise.resolve()),
    connectToServer: () => connectWindow.open(),
    disconnect: () => connection.disconnect(),
  };

  /** The updater is about to quit the app: the server drains and flushes first, as on any quit. */
  async function stopForInstall(): Promise<void> {
    quitting = 'stopping';
    log('stopping the server to install the update');
    await queue;
    await server?.stop(stopTimeoutMs);
    server = undefined;
    editor = undefined;
    quitting = 'done';
  }

  /** The install failed and the app is still here: serve the workspace again. */
  function resumeAfterFailedInstall(): void {
    quitting = 'no';
    void serve(workspace);
  }

  /** With no window (macOS, all closed) nobody can be asked: the update installs at quit. */
  const confirmRestart = (version: string): Promise<boolean> =>
    window ? askToRestartForUpdate(electron.dialog, window, version) : Promise.resolve(false);

  function setUpUpdates(watch: PublishWatch): Updates {
    let updater: ReturnType<ElectronSurface['updater']> | undefined;
    let disabledReason: string | undefined;
    if (!app.isPackaged) disabledReason = 'This copy runs from source (npm start): update it with git pull.';
    else {
      try {
        updater = electron.updater();
      } catch (error) {
        disabledReason = `The updater could not start: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    return createUpdates({
      updater,
      disabledReason,
      currentVersion: app.getVersion(),
      prompts: { confirmRestart, inform: message },
      publishes: watch,
      restart: { prepare: stopForInstall, abandon: resumeAfterFailedInstall },
      log,
    });
  }

  function beforeQuit(event: Preventable): void {
    if (quitting === 'done') return;
    event.preventDefault();
    if (quitting === 'stopping') return;
    updates?.stop();
    quitting = 'stopping';
    log('quitting: stopping the server (it finishes in-flight requests and flushes the request log)');
    void queue
      .then(() => server?.stop(stopTimeoutMs))
      .finally(() => {
        quitting = 'done';
        app.quit();
      });
  }

  /** The workspace from last time, unless its file has gone (moved, deleted): then the default one. */
  function initialWorkspace(): string {
    const fallback = path.join(userData, DEFAULT_WORKSPACE_FILE);
    if (state.workspace && !existsSync(state.workspace)) {
      log(`the last workspace ${state.workspace} is gone; opening ${fallback}`);
      return fallback;
    }
    return state.workspace ?? fallback;
  }

  async function start(): Promise<void> {
    if (!app.requestSingleInstanceLock()) {
      app.quit();
      return;
    }
    app.on('second-instance', focusWindow);
    app.on('web-contents-created', (_event, contents) => guardWebContents(contents, guard));
    app.on('window-all-closed', () => {
      // macOS apps stay in the dock with their server running; the dock icon reopens the window.
      if (options.platform !== 'darwin') app.quit();
    });
    app.on('activate', () => {
      if (ready && !window && quitting === 'no') openWindow();
    });
    app.on('before-quit', beforeQuit);

    await app.whenReady();
    userData = app.getPath('userData');
    mkdirSync(userData, { recursive: true });
    state = loadState(userData);
    adminKey = newAdminKey();
    const sealed = await loadKek(electron.safeStorage, userData);
    kek = sealed.kek;
    if (sealed.notice) log(sealed.notice);

    installPermissionPolicy(electron.session, () => shown()?.origin);
    installCsp(electron.session, shown);
    updates = setUpUpdates(watchPublishes(electron.session, () => shown()?.origin));
    registerIpc({
      ipcMain: electron.ipcMain,
      dialog: electron.dialog,
      openExternal: (url) => electron.shell.openExternal(url),
      window: () => window,
      editorOrigin: () => shown()?.origin,
      // Each editor gets its own server's key: the remote one only the key typed for it.
      bootstrap: () => {
        const remote = connection.editor();
        if (remote) return { adminUrl: remote.adminUrl, adminKey: remote.adminKey, appVersion: app.getVersion() };
        return editor && { adminUrl: editor.adminUrl, adminKey, appVersion: app.getVersion() };
      },
      documentsDir: () => app.getPath('documents'),
      menuUnhandled: (command) => {
        const verb = command === 'import-json' ? 'Import' : 'Export';
        message(`${verb} JSON… isn't available from the menu here.`, `Use ${verb} in the editor's Docs panel.`);
      },
    });
    setMenu();

    const first = initialWorkspace();
    workspace = first;
    ready = true;
    openWindow();
    await serve(first);
    // Connected when it quit: the window goes back to that server (this computer's stays up behind it).
    const notice = await connection.resume();
    if (notice) message(notice);
    updates.start();
  }

  return {
    start,
    actions,
    get window() {
      return window;
    },
    get server() {
      return server;
    },
    get updates() {
      return updates;
    },
  };
}
