import { connectPage, readConnectForm, type ConnectView } from './connect-page.js';
import type { RemoteConnection } from './remote-connection.js';
import type { DesktopWebContents, DesktopWindow, ElectronSurface } from './surface.js';
import { connectWindowOptions } from './window.js';

export type ConnectWindowDeps<W extends DesktopWindow> = {
  createWindow: ElectronSurface<W>['createWindow'];
  icon?: string;
  connection: RemoteConnection;
  log: (line: string) => void;
};

export type ConnectWindow = {
  /** File ▸ Connect to Server…: opens the window, or brings it forward. */
  open: () => void;
  /** The navigation guard caught a submission of the Connect form from `contents`. */
  submit: (contents: DesktopWebContents, url: string) => void;
};

/** One Connect window at a time; its form is taken only from that window, never from another page (the remote editor included). */
export function createConnectWindow<W extends DesktopWindow>(deps: ConnectWindowDeps<W>): ConnectWindow {
  let window: W | undefined;
  const { connection } = deps;

  const view = (typed?: string, error?: string): ConnectView => {
    const editor = connection.editor();
    const adminUrl = typed ?? editor?.adminUrl ?? connection.saved()?.adminUrl ?? '';
    return {
      adminUrl,
      keyKept: connection.saved()?.adminUrl === adminUrl,
      ...(editor ? { connectedTo: editor.adminUrl } : {}),
      ...(error ? { error } : {}),
    };
  };

  const show = (target: W, page: ConnectView): void => {
    target.webContents.loadURL(connectPage(page)).catch((error: unknown) => deps.log(`connect page: ${String(error)}`));
  };

  const isOpen = (target: W | undefined): target is W => target !== undefined && !target.isDestroyed();

  async function connect(target: W, adminUrl: string, adminKey: string): Promise<void> {
    show(target, { ...view(adminUrl), connecting: true });
    const result = await connection.connect({ adminUrl, adminKey });
    if (!isOpen(target) || window !== target) return;
    if (result.ok) target.close();
    else show(target, view(adminUrl, result.message));
  }

  return {
    open: () => {
      if (isOpen(window)) {
        window.show();
        window.focus();
        return;
      }
      const created = deps.createWindow(connectWindowOptions(deps.icon));
      window = created;
      created.once('ready-to-show', () => created.show());
      created.on('closed', () => {
        if (window === created) window = undefined;
      });
      show(created, view());
    },
    submit: (contents, url) => {
      if (!isOpen(window) || contents !== window.webContents) {
        deps.log('ignored a Connect to Server submission that did not come from the Connect window');
        return;
      }
      const submission = readConnectForm(url);
      if (submission.kind === 'cancel') return window.close();
      if (submission.kind === 'disconnect') {
        connection.disconnect();
        return window.close();
      }
      void connect(window, submission.adminUrl, submission.adminKey);
    },
  };
}
