import type { MenuItemConstructorOptions } from 'electron';

/** What the menu items do; the desktop app supplies them. */
export type MenuActions = {
  newWorkspace: () => void;
  openWorkspace: () => void;
  restartServer: () => void;
  importJson: () => void;
  exportJson: () => void;
  openInBrowser: () => void;
  about: () => void;
  preferences: () => void;
  checkForUpdates: () => void;
  connectToServer: () => void;
  disconnect: () => void;
};

export type MenuContext = {
  platform: NodeJS.Platform;
  /** Unpackaged runs get the developer tools item. */
  isDev: boolean;
  /** The window shows a remote server's editor: Disconnect is enabled. */
  connected?: boolean;
};

/** File, Edit, View and Help with the usual accelerators (plus the app menu and Window on macOS). */
export function buildMenuTemplate(actions: MenuActions, context: MenuContext): MenuItemConstructorOptions[] {
  const mac = context.platform === 'darwin';
  // Windows and Linux underline the letter after &; macOS menus have no mnemonics.
  const title = (label: string): string => (mac ? label.replace('&', '') : label);
  const appMenu: MenuItemConstructorOptions = {
    label: 'Flowgate',
    submenu: [
      { label: 'About Flowgate', click: actions.about },
      { label: 'Check for Updates…', click: actions.checkForUpdates },
      { type: 'separator' },
      { label: 'Preferences…', accelerator: 'CmdOrCtrl+,', click: actions.preferences },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  const file: MenuItemConstructorOptions = {
    label: title('&File'),
    submenu: [
      { label: 'New Workspace…', accelerator: 'CmdOrCtrl+N', click: actions.newWorkspace },
      { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: actions.openWorkspace },
      { type: 'separator' },
      { label: 'Connect to Server…', click: actions.connectToServer },
      { label: 'Disconnect', enabled: context.connected === true, click: actions.disconnect },
      { type: 'separator' },
      { label: 'Import JSON…', click: actions.importJson },
      { label: 'Export JSON…', click: actions.exportJson },
      { type: 'separator' },
      { label: 'Restart Server', click: actions.restartServer },
      { type: 'separator' },
      // macOS keeps Preferences… in the app menu.
      ...(mac ? [] : [{ label: 'Preferences…', accelerator: 'CmdOrCtrl+,', click: actions.preferences }, { type: 'separator' } as const]),
      mac ? { role: 'close' } : { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: title('&Edit'),
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: title('&View'),
    submenu: [
      { role: 'reload' },
      { role: 'forceReload' },
      ...(context.isDev ? [{ role: 'toggleDevTools' } as const] : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: title('&Help'),
    submenu: [
      { label: 'Open Editor in Browser', click: actions.openInBrowser },
      ...(mac
        ? []
        : [{ type: 'separator' } as const, { label: 'Check for Updates…', click: actions.checkForUpdates }, { label: 'About Flowgate', click: actions.about }]),
    ],
  };
  return mac ? [appMenu, file, edit, view, { role: 'windowMenu' }, help] : [file, edit, view, help];
}
