import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions, MessageBoxOptions, OpenDialogOptions, SaveDialogOptions, WindowOpenHandlerResponse } from 'electron';
import type {
  DesktopApp,
  DesktopDialog,
  DesktopIpcMain,
  DesktopSession,
  DesktopWebContents,
  DesktopWindow,
  ElectronSurface,
  HeadersReceived,
  IpcSender,
  NavigationEvent,
  Rectangle,
  RequestDetails,
  SecretSealer,
  ServerChild,
  ServerFetch,
  UpdaterSurface,
} from '../../../electron/surface.js';

/** A fake of the Electron surface the desktop app uses, recording what it was asked to do. */

/** The userData folders the fakes made; a test file removes them with removeFakeUserData in afterAll. */
const userDataFolders: string[] = [];

export function removeFakeUserData(): void {
  for (const folder of userDataFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

export function preventable(url = ''): NavigationEvent & { prevented: boolean } {
  const event = { url, prevented: false, preventDefault: () => void (event.prevented = true) };
  return event;
}

export class FakeWebContents extends EventEmitter implements DesktopWebContents {
  url = '';
  readonly loaded: string[] = [];
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => WindowOpenHandlerResponse) | undefined;

  loadURL(url: string): Promise<void> {
    this.url = url;
    this.loaded.push(url);
    return Promise.resolve();
  }
  getURL(): string {
    return this.url;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }
  /** What a click on a link to `url` would do: true when the navigation went ahead. */
  navigate(url: string, event: 'will-frame-navigate' | 'will-redirect' = 'will-frame-navigate'): boolean {
    const navigation = preventable(url);
    this.emit(event, navigation);
    return !navigation.prevented;
  }
}

export class FakeWindow extends EventEmitter implements DesktopWindow {
  readonly webContents = new FakeWebContents();
  destroyed = false;
  minimized = false;
  maximized = false;
  shown = false;
  focused = 0;
  title = '';
  bounds: Rectangle;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width ?? 800, height: options.height ?? 600 };
  }
  isDestroyed = (): boolean => this.destroyed;
  isMinimized = (): boolean => this.minimized;
  isMaximized = (): boolean => this.maximized;
  getNormalBounds = (): Rectangle => this.bounds;
  maximize = (): void => void (this.maximized = true);
  restore = (): void => void (this.minimized = false);
  show = (): void => void (this.shown = true);
  focus = (): void => void this.focused++;
  setTitle = (title: string): void => void (this.title = title);
  /** The user (or the app) closes the window. */
  close(): void {
    this.emit('close');
    this.destroyed = true;
    this.emit('closed');
  }
}

export class FakeApp extends EventEmitter implements DesktopApp {
  gotLock = true;
  isPackaged = false;
  quitCalls = 0;
  /** Set once a quit was not prevented. */
  quitted = false;
  readonly paths: Record<string, string>;

  constructor(userData: string) {
    super();
    this.paths = { userData, documents: path.join(userData, 'Documents') };
  }
  requestSingleInstanceLock = (): boolean => this.gotLock;
  whenReady = (): Promise<void> => Promise.resolve();
  getPath = (name: 'userData' | 'documents'): string => this.paths[name]!;
  getVersion = (): string => '0.1.0';
  /** Like Electron: before-quit may be prevented; otherwise the app is gone. */
  quit = (): void => {
    this.quitCalls++;
    const event = preventable();
    this.emit('before-quit', event);
    if (!event.prevented) this.quitted = true;
  };
}

export class FakeSession implements DesktopSession {
  headersListener: ((details: HeadersReceived, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void) | undefined;
  requestHandler: ((contents: { getURL: () => string }, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  checkHandler: ((contents: unknown, permission: string, requestingOrigin: string) => boolean) | undefined;
  readonly requestListeners: Record<'send' | 'completed' | 'error', ((details: RequestDetails) => void) | undefined> = { send: undefined, completed: undefined, error: undefined };
  private nextRequestId = 1;
  webRequest = {
    onHeadersReceived: (listener: NonNullable<FakeSession['headersListener']>): void => void (this.headersListener = listener),
    onSendHeaders: (listener: (details: RequestDetails) => void): void => void (this.requestListeners.send = listener),
    onCompleted: (listener: (details: RequestDetails) => void): void => void (this.requestListeners.completed = listener),
    onErrorOccurred: (listener: (details: RequestDetails) => void): void => void (this.requestListeners.error = listener),
  };
  setPermissionRequestHandler = (handler: NonNullable<FakeSession['requestHandler']>): void => void (this.requestHandler = handler);
  setPermissionCheckHandler = (handler: NonNullable<FakeSession['checkHandler']>): void => void (this.checkHandler = handler);

  /** The headers a response from `url` ends up with. */
  headersFor(url: string, responseHeaders: Record<string, string[]>): Record<string, string[]> | undefined {
    let result: Record<string, string[]> | undefined;
    this.headersListener!({ url, responseHeaders }, (response) => (result = response.responseHeaders));
    return result;
  }
  /** A page sends a request; the answer comes with `finish`. */
  send(method: string, url: string): { finish: (outcome?: 'completed' | 'error') => void } {
    const details = { id: this.nextRequestId++, method, url };
    this.requestListeners.send?.(details);
    return { finish: (outcome = 'completed') => this.requestListeners[outcome]?.(details) };
  }
  /** Whether a page at `pageUrl` gets `permission` when it asks. */
  request(pageUrl: string, permission: string): boolean {
    let granted: boolean | undefined;
    this.requestHandler!({ getURL: () => pageUrl }, permission, (answer) => (granted = answer));
    return granted!;
  }
}

export class FakeIpcMain implements DesktopIpcMain {
  readonly handlers = new Map<string, (event: IpcSender, ...args: unknown[]) => unknown>();
  readonly listeners = new Map<string, (event: IpcSender & { returnValue: unknown }, ...args: unknown[]) => void>();
  handle = (channel: string, listener: (event: IpcSender, ...args: unknown[]) => unknown): void => void this.handlers.set(channel, listener);
  on = (channel: string, listener: (event: IpcSender & { returnValue: unknown }, ...args: unknown[]) => void): void => void this.listeners.set(channel, listener);

  invoke(channel: string, senderUrl: string, ...args: unknown[]): Promise<unknown> {
    return Promise.resolve(this.handlers.get(channel)!({ senderFrame: { url: senderUrl } }, ...args));
  }
  sendSync(channel: string, senderUrl: string, ...args: unknown[]): unknown {
    const event = { senderFrame: { url: senderUrl }, returnValue: undefined as unknown };
    this.listeners.get(channel)!(event, ...args);
    return event.returnValue;
  }
  send(channel: string, senderUrl: string, ...args: unknown[]): void {
    this.listeners.get(channel)!({ senderFrame: { url: senderUrl }, returnValue: undefined }, ...args);
  }
}

export class FakeDialog implements DesktopDialog<FakeWindow> {
  openResult = { canceled: true, filePaths: [] as string[] };
  saveResult = { canceled: true, filePath: '' };
  messageResponse = 0;
  readonly calls: { kind: 'open' | 'save' | 'message'; options: OpenDialogOptions | SaveDialogOptions | MessageBoxOptions }[] = [];
  showOpenDialog = (_window: FakeWindow, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }> => {
    this.calls.push({ kind: 'open', options });
    return Promise.resolve(this.openResult);
  };
  showSaveDialog = (_window: FakeWindow, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath: string }> => {
    this.calls.push({ kind: 'save', options });
    return Promise.resolve(this.saveResult);
  };
  showMessageBox = (_window: FakeWindow, options: MessageBoxOptions): Promise<{ response: number }> => {
    this.calls.push({ kind: 'message', options });
    return Promise.resolve({ response: this.messageResponse });
  };
  messages(): string[] {
    return this.calls.filter((call) => call.kind === 'message').map((call) => (call.options as MessageBoxOptions).message);
  }
}

export class FakeSafeStorage implements SecretSealer {
  available = true;
  backend = 'gnome_libsecret';
  isAsyncEncryptionAvailable = (): Promise<boolean> => Promise.resolve(this.available);
  encryptStringAsync = (plainText: string): Promise<Buffer> => Promise.resolve(Buffer.from(`sealed:${[...plainText].reverse().join('')}`));
  decryptStringAsync = (encrypted: Buffer): Promise<{ result: string }> => {
    const text = encrypted.toString();
    if (!text.startsWith('sealed:')) return Promise.reject(new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'));
    return Promise.resolve({ result: [...text.slice('sealed:'.length)].reverse().join('') });
  };
  getSelectedStorageBackend = (): string => this.backend;
}

export type ServerBehaviour = {
  /** Print the ready lines right after the fork (the default), or leave it to the test. */
  autoReady: boolean;
  /** Exit when asked to stop (the default), or ignore the request like a hung server. */
  obeysStop: boolean;
  /** Ports other programs hold on this machine. */
  takenPorts: Set<number>;
};

/** Where the fake OS puts a listener asked for port 0 (or for a taken port, with --port-fallback). */
const FIRST_FREE_PORT = 40_001;

/** A fake utility process that prints what `flowgate serve` prints. */
export class FakeServerChild extends EventEmitter implements ServerChild {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly messages: unknown[] = [];
  killed = 0;
  exitCode: number | undefined;
  loginCodes = 0;
  /** Where the published APIs listen, once ready. */
  runtimeUrl: string | undefined;
  private static nextFreePort = FIRST_FREE_PORT;

  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: { env: Record<string, string>; stdio: 'pipe'; serviceName: string },
    readonly adminPort: number,
    private readonly behaviour: ServerBehaviour,
  ) {
    super();
    if (behaviour.autoReady) setImmediate(() => this.printReady());
  }
  get adminUrl(): string {
    return `http://127.0.0.1:${this.adminPort}`;
  }
  flag(name: string): string | undefined {
    const index = this.args.indexOf(name);
    return index < 0 ? undefined : this.args[index + 1];
  }
  /** Listens like `flowgate serve`: the asked port, a free one for 0, and for a taken one a free one with --port-fallback or a failure without. */
  printReady(): void {
    const asked = Number(this.flag('--port'));
    const taken = this.behaviour.takenPorts.has(asked);
    if (taken && !this.args.includes('--port-fallback')) return this.exit(1, `listen EADDRINUSE: address already in use 127.0.0.1:${asked}`);
    const port = asked === 0 || taken ? FakeServerChild.nextFreePort++ : asked;
    const runtimeUrl = `http://127.0.0.1:${port}`;
    this.runtimeUrl = runtimeUrl;
    this.stdout.write(
      [`Flowgate · workspace ${this.flag('--db')}`, `Admin API: ${this.adminUrl}/admin/v1`, `Runtime:   ${runtimeUrl}`, ''].join('\n'),
    );
    // Readiness comes over the message port, as electron/server-entry.ts reports it.
    const ready = { type: 'ready', adminUrl: this.adminUrl, runtimeUrl, publicUrl: runtimeUrl, loginUrl: `${this.adminUrl}/login?code=first-code` };
    setImmediate(() => this.emit('message', taken ? { ...ready, runtimePortTaken: asked } : ready));
  }
  postMessage = (message: unknown): void => {
    if (this.exitCode !== undefined) throw new Error('the process is gone');
    this.messages.push(message);
    const type = (message as { type?: string }).type;
    if (type === 'stop' && this.behaviour.obeysStop) setImmediate(() => this.exit(0, 'Stopped.'));
    if (type === 'login-url') setImmediate(() => this.emit('message', { type: 'login-url', url: `${this.adminUrl}/login?code=fresh-${++this.loginCodes}` }));
  };
  kill = (): boolean => {
    this.killed++;
    setImmediate(() => this.exit(143));
    return true;
  };
  /** The process ends, printing `lastWords` to stderr first. */
  exit(code: number, lastWords?: string): void {
    if (this.exitCode !== undefined) return;
    this.exitCode = code;
    if (lastWords) this.stderr.write(`${lastWords}\n`);
    this.stdout.end();
    this.stderr.end();
    setImmediate(() => this.emit('exit', code));
  }
}

export class FakeElectron implements ElectronSurface<FakeWindow> {
  readonly app: FakeApp;
  readonly session = new FakeSession();
  readonly ipcMain = new FakeIpcMain();
  readonly dialog = new FakeDialog();
  readonly safeStorage = new FakeSafeStorage();
  readonly windows: FakeWindow[] = [];
  readonly servers: FakeServerChild[] = [];
  readonly opened: string[] = [];
  menuTemplate: MenuItemConstructorOptions[] = [];
  displays: Rectangle[] = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  serverBehaviour: ServerBehaviour = { autoReady: true, obeysStop: true, takenPorts: new Set() };
  readonly updaterFake = new FakeUpdater();
  private nextAdminPort = 50_001;

  constructor(readonly userData: string = FakeElectron.newUserData()) {
    this.app = new FakeApp(userData);
  }

  private static newUserData(): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'flowgate-desktop-'));
    userDataFolders.push(folder);
    return folder;
  }

  /** Electron's net.fetch stands in as Node's: tests connect to real servers on loopback. */
  fetch: ServerFetch = (url, init) => globalThis.fetch(url, init);

  shell = {
    openExternal: (url: string): Promise<void> => {
      this.opened.push(url);
      return Promise.resolve();
    },
  };
  menu = { setApplicationMenu: (template: MenuItemConstructorOptions[]): void => void (this.menuTemplate = template) };
  screen = { getAllDisplays: (): { workArea: Rectangle }[] => this.displays.map((workArea) => ({ workArea })) };

  createWindow = (options: BrowserWindowConstructorOptions): FakeWindow => {
    const window = new FakeWindow(options);
    this.windows.push(window);
    // Electron announces every new web contents before it loads anything.
    this.app.emit('web-contents-created', {}, window.webContents);
    return window;
  };

  forkServer = (modulePath: string, args: string[], options: { env: Record<string, string>; stdio: 'pipe'; serviceName: string }): FakeServerChild => {
    const child = new FakeServerChild(modulePath, args, options, this.nextAdminPort++, this.serverBehaviour);
    this.servers.push(child);
    return child;
  };

  updater = (): FakeUpdater => this.updaterFake;

  get window(): FakeWindow {
    return this.windows.at(-1)!;
  }
  get server(): FakeServerChild {
    return this.servers.at(-1)!;
  }
}

/**
 * A fake of electron-updater's autoUpdater: `latest` is what the feed offers; `download` decides
 * how the download ends (a checksum mismatch is electron-updater's ERR_CHECKSUM_MISMATCH).
 */
export class FakeUpdater extends EventEmitter implements UpdaterSurface {
  autoDownload = true;
  autoInstallOnAppQuit = false;
  latest = '0.1.0';
  currentVersion = '0.1.0';
  checks = 0;
  downloads = 0;
  installs = 0;
  checkFailure: Error | undefined;
  downloadOutcome: 'ok' | 'checksum-mismatch' | 'network' = 'ok';
  /** Resolves the download in flight; downloads wait for it when `holdDownloads` is set. */
  holdDownloads = false;
  private releaseDownload: (() => void) | undefined;
  /** What quitAndInstall does: quit (the default), or report an error like a failed installer. */
  installOutcome: 'quit' | 'error' = 'quit';
  onQuitAndInstall: () => void = () => undefined;

  checkForUpdates = async (): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string } }> => {
    this.checks++;
    await Promise.resolve();
    if (this.checkFailure) throw this.checkFailure;
    return { isUpdateAvailable: this.latest !== this.currentVersion, updateInfo: { version: this.latest } };
  };
  downloadUpdate = async (): Promise<string[]> => {
    this.downloads++;
    if (this.holdDownloads) await new Promise<void>((resolve) => (this.releaseDownload = resolve));
    if (this.downloadOutcome === 'checksum-mismatch') {
      throw Object.assign(new Error('sha512 checksum mismatch, expected AAA, got BBB'), { code: 'ERR_CHECKSUM_MISMATCH' });
    }
    if (this.downloadOutcome === 'network') throw new Error('net::ERR_CONNECTION_RESET');
    return [`/cache/flowgate-updater/pending/Flowgate-${this.latest}.AppImage`];
  };
  finishDownload(): void {
    this.releaseDownload?.();
  }
  quitAndInstall = (): void => {
    this.installs++;
    if (this.installOutcome === 'error') this.emit('error', new Error('The installer could not be started.'));
    else this.onQuitAndInstall();
  };
}

/** Resolves once `condition` holds, checking between macrotasks. */
export async function until(condition: () => boolean, what = 'condition', timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
