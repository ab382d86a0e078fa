import type {
  BrowserWindowConstructorOptions,
  MenuItemConstructorOptions,
  MessageBoxOptions,
  OpenDialogOptions,
  SaveDialogOptions,
  WindowOpenHandlerResponse,
} from 'electron';

/**
 * The small part of Electron the main process uses, so that `createDesktopApp` can run
 * against a fake in unit tests. main.ts hands in the real modules; the compiler checks that
 * they fit these shapes.
 */
export type ElectronSurface<W extends DesktopWindow = DesktopWindow> = {
  app: DesktopApp;
  createWindow: (options: BrowserWindowConstructorOptions) => W;
  session: DesktopSession;
  ipcMain: DesktopIpcMain;
  /** Dialogs are modal to the window createWindow made (a BrowserWindow in the app). */
  dialog: DesktopDialog<W>;
  shell: { openExternal: (url: string) => Promise<void> };
  menu: { setApplicationMenu: (template: MenuItemConstructorOptions[]) => void };
  screen: { getAllDisplays: () => { workArea: Rectangle }[] };
  safeStorage: SecretSealer;
  /** Electron's net.fetch: Chromium's network stack and the OS's trusted certificates, as the window itself uses. */
  fetch: ServerFetch;
  forkServer: ForkServer;
  /** electron-updater's autoUpdater, made on first use (the app asks only when packaged). */
  updater: () => UpdaterSurface;
};

export type Rectangle = { x: number; y: number; width: number; height: number };

/** What a cancellable Electron event offers the listener. */
export type Preventable = { preventDefault: () => void };
export type NavigationEvent = Preventable & { url: string };

export type DesktopApp = {
  requestSingleInstanceLock: () => boolean;
  whenReady: () => Promise<unknown>;
  getPath: (name: 'userData' | 'documents') => string;
  getVersion: () => string;
  quit: () => void;
  readonly isPackaged: boolean;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: Preventable) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: DesktopWebContents) => void): unknown;
};

export type DesktopWindow = {
  readonly webContents: DesktopWebContents;
  isDestroyed: () => boolean;
  isMinimized: () => boolean;
  isMaximized: () => boolean;
  getNormalBounds: () => Rectangle;
  maximize: () => void;
  restore: () => void;
  show: () => void;
  focus: () => void;
  setTitle: (title: string) => void;
  close: () => void;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  on(event: 'page-title-updated', listener: (event: Preventable) => void): unknown;
};

export type DesktopWebContents = {
  loadURL: (url: string) => Promise<void>;
  getURL: () => string;
  send: (channel: string, ...args: unknown[]) => void;
  setWindowOpenHandler: (handler: (details: { url: string }) => WindowOpenHandlerResponse) => void;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
};

export type HeadersReceived = { url: string; responseHeaders?: Record<string, string[]> };
/** A request the session sends (`id` is the same in its completion or error). */
export type RequestDetails = { id: number; method: string; url: string };

export type DesktopSession = {
  webRequest: {
    onHeadersReceived: (listener: (details: HeadersReceived, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void) => void;
    onSendHeaders: (listener: (details: RequestDetails) => void) => void;
    onCompleted: (listener: (details: RequestDetails) => void) => void;
    onErrorOccurred: (listener: (details: RequestDetails) => void) => void;
  };
  setPermissionRequestHandler: (handler: (contents: { getURL: () => string }, permission: string, callback: (granted: boolean) => void) => void) => void;
  setPermissionCheckHandler: (handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean) => void;
};

/** The frame an IPC message came from; null once it has gone. */
export type IpcSender = { senderFrame: { url: string } | null };

export type DesktopIpcMain = {
  handle: (channel: string, listener: (event: IpcSender, ...args: unknown[]) => unknown) => void;
  on: (channel: string, listener: (event: IpcSender & { returnValue: unknown }, ...args: unknown[]) => void) => void;
};

export type DesktopDialog<W extends DesktopWindow = DesktopWindow> = {
  showOpenDialog: (window: W, options: OpenDialogOptions) => Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog: (window: W, options: SaveDialogOptions) => Promise<{ canceled: boolean; filePath: string }>;
  showMessageBox: (window: W, options: MessageBoxOptions) => Promise<{ response: number }>;
};

/** Electron's safeStorage: OS-keychain encryption of small secrets. */
export type SecretSealer = {
  isAsyncEncryptionAvailable: () => Promise<boolean>;
  encryptStringAsync: (plainText: string) => Promise<Buffer>;
  decryptStringAsync: (encrypted: Buffer) => Promise<{ result: string }>;
  /** Linux only: `basic_text` means no keyring, so "encrypted" data is only obfuscated. */
  getSelectedStorageBackend?: () => string;
};

/** A GET to a remote Flowgate's admin API, as much of fetch as the connection check uses. */
export type ServerFetch = (
  url: string,
  init: { headers: Record<string, string>; signal?: AbortSignal },
) => Promise<{ status: number; json: () => Promise<unknown> }>;

/** The utility process running the server, as much of it as the main process needs. */
export type ServerChild = {
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage: (message: unknown) => void;
  kill: () => boolean;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
};

export type ForkServer = (
  modulePath: string,
  args: string[],
  options: { env: Record<string, string>; stdio: 'pipe'; serviceName: string },
) => ServerChild;

/** electron-updater's autoUpdater, as much of it as electron/updates.ts uses. */
export type UpdaterSurface = {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  /** Null when the updater is inactive (not packaged). */
  checkForUpdates: () => Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string } } | null>;
  /** Rejects with code ERR_CHECKSUM_MISMATCH when the file's sha512 differs from the feed's (the file is deleted). */
  downloadUpdate: () => Promise<string[]>;
  quitAndInstall: () => void;
  on(event: 'error', listener: (error: Error) => void): unknown;
};
