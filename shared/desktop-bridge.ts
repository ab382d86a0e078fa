/**
 * What the desktop app's preload puts on `window.flowgate`: only what a browser cannot do
 * (file dialogs, opening a link in the OS browser, menu commands) plus the admin URL and key.
 * The editor runs without it in a browser against `flowgate serve`. Types only: the preload
 * (electron/preload.cts) implements it and the editor (renderer/api/bridge.ts) reads it.
 */

/** A file type offered by a dialog, e.g. `{ name: 'JSON', extensions: ['json'] }`. */
export type FileFilter = { name: string; extensions: string[] };

export type OpenFileOptions = { title?: string; filters?: FileFilter[] };

/** A file the user picked, read as UTF-8 text; `name` is its base name, never a full path. */
export type OpenedFile = { name: string; content: string };

export type SaveFileOptions = {
  /** The file name the dialog proposes, without folders: `workspace.json`. */
  suggestedName: string;
  content: string;
  title?: string;
  filters?: FileFilter[];
};

export type SavedFile = { name: string };

/** Menu items the editor carries out itself, because they need its dialogs (import conflicts) or state. */
export const MENU_COMMANDS = ['import-json', 'export-json'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** What the title bar and the editor's header call the server the editor talks to. */
export const THIS_COMPUTER = 'this computer';

/**
 * The server an admin URL points at, as a person names it: "this computer" for loopback,
 * else its host (with the port when not the scheme's default), e.g. `admin.example.com:4300`.
 */
export function serverName(adminUrl: string): string {
  const { hostname, host } = new URL(adminUrl);
  const loopback = hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
  return loopback ? THIS_COMPUTER : host;
}

export type FlowgateBridge = {
  /** The admin listener's base URL: this computer's `http://127.0.0.1:<port>`, or a remote server's `https://…` (File ▸ Connect to Server…). */
  adminUrl: string;
  /** Sent as `Authorization: Bearer <adminKey>` to the admin API. */
  adminKey: string;
  appVersion: string;
  /** Resolves to null when the user cancels; rejects when the file can't be read or is too large. */
  openFile: (options?: OpenFileOptions) => Promise<OpenedFile | null>;
  /** Resolves to null when the user cancels. */
  saveFile: (options: SaveFileOptions) => Promise<SavedFile | null>;
  /** Opens an http(s) URL in the OS browser; other schemes are refused. */
  openExternal: (url: string) => Promise<void>;
  /** Runs `callback` when the user picks the menu item; returns the unsubscribe function. */
  onMenu: (command: MenuCommand, callback: () => void) => () => void;
};
