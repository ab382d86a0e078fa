// The editor window's preload. Sandboxed preloads are CommonJS and can require only
// `electron`, so everything of ours here is a type (erased) and channel names are literals
// checked against electron/ipc-contract.ts.
import type { FlowgateBridge, MenuCommand } from '../shared/desktop-bridge.js';
import type { InvokeChannels, MenuChannel, MenuUnhandledChannel, SyncChannels } from './ipc-contract.js';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file's typed import of electron
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;

function invoke<C extends keyof InvokeChannels>(channel: C, ...args: InvokeChannels[C]['args']): Promise<InvokeChannels[C]['result']> {
  return ipcRenderer.invoke(channel, ...args) as Promise<InvokeChannels[C]['result']>;
}

const MENU: keyof MenuChannel = 'flowgate:menu';
const MENU_UNHANDLED: keyof MenuUnhandledChannel = 'flowgate:menu-unhandled';
const BOOTSTRAP: keyof SyncChannels = 'flowgate:bootstrap';

const menuListeners = new Map<MenuCommand, Set<() => void>>();
ipcRenderer.on(MENU, (_event, command: MenuChannel[typeof MENU]) => {
  const listeners = menuListeners.get(command);
  if (!listeners?.size) {
    ipcRenderer.send(MENU_UNHANDLED, command satisfies MenuUnhandledChannel[typeof MENU_UNHANDLED]);
    return;
  }
  for (const listener of listeners) listener();
});

// Null for any page but the editor; then nothing is exposed.
const bootstrap = ipcRenderer.sendSync(BOOTSTRAP) as SyncChannels[typeof BOOTSTRAP]['result'];

if (bootstrap) {
  const bridge: FlowgateBridge = {
    adminUrl: bootstrap.adminUrl,
    adminKey: bootstrap.adminKey,
    appVersion: bootstrap.appVersion,
    openFile: (options) => invoke('flowgate:open-file', options),
    saveFile: (options) => invoke('flowgate:save-file', options),
    openExternal: (url) => invoke('flowgate:open-external', url),
    onMenu: (command, callback) => {
      if (typeof callback !== 'function') throw new TypeError('onMenu needs a callback');
      const listeners = menuListeners.get(command) ?? new Set();
      menuListeners.set(command, listeners);
      const listener = (): void => callback();
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  contextBridge.exposeInMainWorld('flowgate', bridge);
}
