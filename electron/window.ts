import type { BrowserWindowConstructorOptions, WebPreferences, WindowOpenHandlerResponse } from 'electron';
import type { DesktopSession, DesktopWebContents, Rectangle } from './surface.js';

/** Where the shell's own pages (the crash page) send the Restart link; never fetched, the guard catches it. */
export const RESTART_SERVER_URL = 'https://flowgate.invalid/restart-server';
/** Where the Preferences page submits its form (a GET with the fields in the query); never fetched either. */
export const PREFERENCES_URL = 'https://flowgate.invalid/preferences';
/** Where Connect to Server… submits its form (and its Cancel and Disconnect links go); never fetched either. */
export const CONNECT_URL = 'https://flowgate.invalid/connect';

/** The only permission the editor needs: its Copy buttons write to the clipboard. */
const EDITOR_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

const DEFAULT_SIZE = { width: 1280, height: 820 };
const MIN_SIZE = { width: 900, height: 600 };

/** Electron's security checklist, spelled out even where it is the default so a change shows in review. */
export function editorWebPreferences(preload: string): WebPreferences {
  return { preload, ...shellPageWebPreferences() };
}

/** The same checklist for the shell's own windows (Preferences), which need no preload at all. */
export function shellPageWebPreferences(): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}

export function editorWindowOptions(preload: string, bounds: Partial<Rectangle> | undefined, icon: string | undefined): BrowserWindowConstructorOptions {
  return {
    ...DEFAULT_SIZE,
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Flowgate',
    show: false,
    backgroundColor: '#0f1115',
    ...(icon ? { icon } : {}),
    webPreferences: editorWebPreferences(preload),
  };
}

const PREFERENCES_SIZE = { width: 520, height: 420 };

export function preferencesWindowOptions(icon: string | undefined): BrowserWindowConstructorOptions {
  return {
    ...PREFERENCES_SIZE,
    title: 'Flowgate Preferences',
    show: false,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    backgroundColor: '#0f1115',
    ...(icon ? { icon } : {}),
    webPreferences: shellPageWebPreferences(),
  };
}

const CONNECT_SIZE = { width: 560, height: 480 };

export function connectWindowOptions(icon: string | undefined): BrowserWindowConstructorOptions {
  return { ...preferencesWindowOptions(icon), ...CONNECT_SIZE, title: 'Connect to Server' };
}

export function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export type GuardOptions = {
  /** The editor's origin right now (it changes when the server restarts); undefined while none is up. */
  editorOrigin: () => string | undefined;
  openExternal: (url: string) => void;
  restartServer: () => void;
  /** The Preferences form was submitted (or cancelled) from `contents`; the app checks that it is its Preferences window. */
  submitPreferences: (contents: DesktopWebContents, url: string) => void;
  /** The Connect to Server form was submitted (or cancelled) from `contents`; the app checks that it is its Connect window. */
  submitConnect: (contents: DesktopWebContents, url: string) => void;
  /** For a same-origin window.open: the editor's own locked-down preferences, preload included. */
  webPreferences: WebPreferences;
};

export type NavigationVerdict = 'allow' | 'external' | 'restart' | 'preferences' | 'connect' | 'deny';

/** Same-origin stays; other web links go to the OS browser; everything else (file:, javascript:, data:, custom schemes) goes nowhere. */
export function judgeNavigation(url: string, editorOrigin: string | undefined): NavigationVerdict {
  if (url === RESTART_SERVER_URL) return 'restart';
  if (isPreferencesUrl(url)) return 'preferences';
  if (isShellUrl(url, CONNECT_URL)) return 'connect';
  if (editorOrigin !== undefined && originOf(url) === editorOrigin) return 'allow';
  return isWebUrl(url) ? 'external' : 'deny';
}

/** Attached to every web contents the app creates, before it loads anything. */
export function guardWebContents(contents: DesktopWebContents, options: GuardOptions): void {
  const onNavigate = (event: { url: string; preventDefault: () => void }): void => {
    const verdict = judgeNavigation(event.url, options.editorOrigin());
    if (verdict === 'allow') return;
    event.preventDefault();
    if (verdict === 'external') options.openExternal(event.url);
    if (verdict === 'restart') options.restartServer();
    if (verdict === 'preferences') options.submitPreferences(contents, event.url);
    if (verdict === 'connect') options.submitConnect(contents, event.url);
  };
  contents.on('will-frame-navigate', onNavigate);
  contents.on('will-redirect', onNavigate);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => windowOpenResponse(url, options));
}

function isPreferencesUrl(url: string): boolean {
  return isShellUrl(url, PREFERENCES_URL);
}

/** A URL at or under one of the shell's own (flowgate.invalid) addresses, whatever its query. */
function isShellUrl(url: string, base: string): boolean {
  try {
    const { origin, pathname } = new URL(url);
    return `${origin}${pathname}`.startsWith(base);
  } catch {
    return false;
  }
}

function windowOpenResponse(url: string, options: GuardOptions): WindowOpenHandlerResponse {
  const verdict = judgeNavigation(url, options.editorOrigin());
  if (verdict === 'external') options.openExternal(url);
  // A second editor window gets the same preferences, and app's web-contents-created guards it too.
  return verdict === 'allow' ? { action: 'allow', overrideBrowserWindowOptions: { webPreferences: options.webPreferences } } : { action: 'deny' };
}

/** Every permission is refused but the clipboard write the editor's Copy buttons need, and that only for the editor. */
export function installPermissionPolicy(session: DesktopSession, editorOrigin: () => string | undefined): void {
  const allowed = (permission: string, origin: string | undefined): boolean =>
    EDITOR_PERMISSIONS.has(permission) && origin !== undefined && origin === editorOrigin();
  session.setPermissionRequestHandler((contents, permission, callback) => callback(allowed(permission, originOf(contents.getURL()))));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, originOf(requestingOrigin)));
}
