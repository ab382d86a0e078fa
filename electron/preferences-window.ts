import { preferencesPage, readPreferencesForm, type PreferencesView } from './preferences.js';
import type { DesktopWebContents, DesktopWindow, ElectronSurface } from './surface.js';
import { preferencesWindowOptions } from './window.js';

export type PreferencesWindowDeps<W extends DesktopWindow> = {
  createWindow: ElectronSurface<W>['createWindow'];
  icon?: string;
  /** The saved preference and where the published APIs are now. */
  current: () => Omit<PreferencesView, 'error'>;
  /** Saves the port (ANY_FREE_PORT for any); the next server start uses it. */
  save: (runtimePort: number) => void;
  restartServer: () => void;
  log: (line: string) => void;
};

export type PreferencesWindow = {
  /** Preferences… (Cmd/Ctrl+,): opens the window, or brings it forward. */
  open: () => void;
  /** The navigation guard caught a submission of the Preferences form from `contents`. */
  submit: (contents: DesktopWebContents, url: string) => void;
};

/** One Preferences window at a time; its form is taken only from that window, never from another page. */
export function createPreferencesWindow<W extends DesktopWindow>(deps: PreferencesWindowDeps<W>): PreferencesWindow {
  let window: W | undefined;

  const show = (target: W, view: PreferencesView): void => {
    target.webContents.loadURL(preferencesPage(view)).catch((error: unknown) => deps.log(`preferences page: ${String(error)}`));
  };

  return {
    open: () => {
      if (window && !window.isDestroyed()) {
        window.show();
        window.focus();
        return;
      }
      const created = deps.createWindow(preferencesWindowOptions(deps.icon));
      window = created;
      created.once('ready-to-show', () => created.show());
      created.on('closed', () => {
        if (window === created) window = undefined;
      });
      show(created, deps.current());
    },
    submit: (contents, url) => {
      if (!window || window.isDestroyed() || contents !== window.webContents) {
        deps.log('ignored a Preferences submission that did not come from the Preferences window');
        return;
      }
      const submission = readPreferencesForm(url);
      if (submission.kind === 'invalid') return show(window, { ...deps.current(), error: submission.error });
      if (submission.kind === 'save') {
        deps.save(submission.runtimePort);
        if (submission.restartServer) deps.restartServer();
      }
      window.close();
    },
  };
}
