import type { DesktopDialog, DesktopWindow } from './surface.js';

/** An update is downloaded and checked: true when the user chooses to restart now to install it. */
export async function askToRestartForUpdate<W extends DesktopWindow>(dialog: DesktopDialog<W>, window: W, version: string): Promise<boolean> {
  const { response } = await dialog.showMessageBox(window, {
    type: 'info',
    message: `Flowgate ${version} is ready to install.`,
    detail: 'Restart now to install it? The server finishes in-flight requests first, and a publish in progress completes before the restart. Later installs it when you quit.',
    buttons: ['Restart Now', 'Later'],
    defaultId: 0,
    cancelId: 1,
  });
  return response === 0;
}
