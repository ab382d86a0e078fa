import type { MenuCommand, OpenedFile, OpenFileOptions, SavedFile, SaveFileOptions } from '../shared/desktop-bridge.js';

/**
 * Every IPC channel between the main process and the preload, typed once. The sandboxed
 * preload can load no module of ours, so it spells the names as literals checked against
 * these types; the main process takes them from IPC_CHANNELS.
 */

/** What the preload learns, synchronously, before the editor's scripts run. */
export type BridgeBootstrap = { adminUrl: string; adminKey: string; appVersion: string };

export type InvokeChannels = {
  'flowgate:open-file': { args: [options?: OpenFileOptions]; result: OpenedFile | null };
  'flowgate:save-file': { args: [options: SaveFileOptions]; result: SavedFile | null };
  'flowgate:open-external': { args: [url: string]; result: void };
};

/** Answered with null for any page that isn't the editor, so only the editor ever sees the key. */
export type SyncChannels = { 'flowgate:bootstrap': { result: BridgeBootstrap | null } };

/** Main → preload: a menu item the editor carries out. */
export type MenuChannel = { 'flowgate:menu': MenuCommand };
/** Preload → main: the editor registered no handler for that menu item. */
export type MenuUnhandledChannel = { 'flowgate:menu-unhandled': MenuCommand };

export type IpcChannel = keyof InvokeChannels | keyof SyncChannels | keyof MenuChannel | keyof MenuUnhandledChannel;

export const IPC_CHANNELS = {
  bootstrap: 'flowgate:bootstrap',
  openFile: 'flowgate:open-file',
  saveFile: 'flowgate:save-file',
  openExternal: 'flowgate:open-external',
  menu: 'flowgate:menu',
  menuUnhandled: 'flowgate:menu-unhandled',
} as const satisfies Record<string, IpcChannel>;
