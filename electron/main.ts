import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, safeStorage, screen, session, shell, utilityProcess } from 'electron';
import electronUpdater from 'electron-updater';
import { createDesktopApp } from './desktop-app.js';

/** Electron's entry (package.json `main`): hands the real modules to the desktop app. */

const here = path.dirname(fileURLToPath(import.meta.url));

// Lets tests and side-by-side runs keep their own workspace, state and lock.
if (process.env.FLOWGATE_USER_DATA_DIR) app.setPath('userData', path.resolve(process.env.FLOWGATE_USER_DATA_DIR));

const desktop = createDesktopApp<BrowserWindow>(
  {
    app,
    createWindow: (options) => new BrowserWindow(options),
    get session() {
      // Only exists once the app is ready; the desktop app reads it after whenReady().
      return session.defaultSession;
    },
    ipcMain,
    dialog,
    shell,
    menu: { setApplicationMenu: (template) => Menu.setApplicationMenu(Menu.buildFromTemplate(template)) },
    screen,
    safeStorage,
    fetch: (url, init) => net.fetch(url, init),
    forkServer: (modulePath, args, options) => utilityProcess.fork(modulePath, args, options),
    // The platform's updater (NSIS, Squirrel.Mac, AppImage or deb), reading the feed from the packaged app-update.yml.
    updater: () => electronUpdater.autoUpdater,
  },
  {
    serverEntry: path.join(here, 'server-entry.js'),
    preload: path.join(here, 'preload.cjs'),
    icon: path.join(app.getAppPath(), 'build', 'icon.png'),
    platform: process.platform,
    env: process.env,
    versions: process.versions,
  },
);

desktop.start().catch((error: unknown) => {
  console.error(error);
  dialog.showErrorBox('Flowgate could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
