import type { PublishWatch } from './publish-watch.js';
import type { UpdaterSurface } from './surface.js';

/**
 * Updates from the feed the installed app was built with (its app-update.yml, electron-builder.yml
 * `publish`): checked at start and daily, downloaded in the background and checked against the
 * feed's sha512 by electron-updater, installed only after the user agrees to restart (or at the
 * next quit), never while a publish is in flight.
 */

export const UPDATE_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** How long the app may stay up after asking the updater to quit and install before it is taken as a failure. */
export const INSTALL_TIMEOUT_MS = 2 * 60 * 1000;

export type UpdateState =
  | { phase: 'idle' }
  | { phase: 'checking' }
  | { phase: 'downloading'; version: string }
  | { phase: 'ready'; version: string }
  | { phase: 'restarting'; version: string };

export type UpdatePrompts = {
  /** Asks whether to restart now to install `version`; true means restart. */
  confirmRestart: (version: string) => Promise<boolean>;
  /** Tells the user how a check they asked for went. */
  inform: (message: string, detail?: string) => void;
};

export type UpdateDeps = {
  /** Undefined where updates can't work (a start from source): the menu item says why. */
  updater: UpdaterSurface | undefined;
  disabledReason?: string;
  currentVersion: string;
  prompts: UpdatePrompts;
  publishes: PublishWatch;
  /** `prepare` stops the server for good before the updater quits the app; `abandon` brings it back when the install fails. */
  restart: { prepare: () => Promise<void>; abandon: () => void };
  log: (line: string) => void;
  /** Runs `task` every `ms`; returns how to stop it. */
  every?: (ms: number, task: () => void) => () => void;
  /** Runs `task` once after `ms`; returns how to cancel it. */
  after?: (ms: number, task: () => void) => () => void;
};

export type Updates = {
  /** The check at start, then one a day. */
  start: () => void;
  /** Check for Updates…: the same check, telling the user how it went. */
  checkNow: () => Promise<void>;
  stop: () => void;
  readonly state: UpdateState;
};

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A download whose sha512 differs from the feed's is deleted by electron-updater and reported with this code. */
const CHECKSUM_MISMATCH = 'ERR_CHECKSUM_MISMATCH';

function downloadFailure(version: string, error: unknown): string {
  if ((error as { code?: unknown } | null)?.code === CHECKSUM_MISMATCH) {
    return `The download of Flowgate ${version} did not match the checksum in the update feed (damaged or tampered with), so it was deleted. Flowgate tries again at the next check.`;
  }
  return `Flowgate ${version} could not be downloaded: ${describe(error)}`;
}

const timers = {
  every: (ms: number, task: () => void) => {
    const timer = setInterval(task, ms);
    timer.unref?.();
    return () => clearInterval(timer);
  },
  after: (ms: number, task: () => void) => {
    const timer = setTimeout(task, ms);
    return () => clearTimeout(timer);
  },
};

export function createUpdates(deps: UpdateDeps): Updates {
  const { updater, prompts, log } = deps;
  const every = deps.every ?? timers.every;
  const after = deps.after ?? timers.after;
  let state: UpdateState = { phase: 'idle' };
  let stopTimer: (() => void) | undefined;
  let cancelInstallTimeout: (() => void) | undefined;

  function installFailed(reason: string): void {
    if (state.phase !== 'restarting') return;
    cancelInstallTimeout?.();
    const { version } = state;
    state = { phase: 'ready', version };
    log(`the update to ${version} was not installed: ${reason}`);
    deps.restart.abandon();
    prompts.inform(`Flowgate ${version} could not be installed.`, `${reason}\nFlowgate keeps running ${deps.currentVersion}; it tries again when you quit.`);
  }

  if (updater) {
    // The updater reports its own download and check failures through their promises; here only the install's.
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = true;
    updater.on('error', (error) => installFailed(describe(error)));
  }

  async function restartToInstall(version: string): Promise<void> {
    state = { phase: 'restarting', version };
    const publishing = deps.publishes.inFlight();
    if (publishing > 0) {
      log(`waiting for ${publishing} publish${publishing === 1 ? '' : 'es'} to finish before restarting for ${version}`);
      await deps.publishes.idle();
    }
    await deps.restart.prepare();
    log(`restarting to install Flowgate ${version}`);
    cancelInstallTimeout = after(INSTALL_TIMEOUT_MS, () => installFailed(`the updater did not quit the app within ${INSTALL_TIMEOUT_MS / 1000} s`));
    try {
      updater!.quitAndInstall();
    } catch (error) {
      installFailed(describe(error));
    }
  }

  async function offerRestart(version: string): Promise<void> {
    if (!(await prompts.confirmRestart(version))) {
      log(`Flowgate ${version} is ready; it installs when you quit`);
      return;
    }
    await restartToInstall(version);
  }

  async function check(asked: boolean): Promise<void> {
    const tell = (message: string, detail?: string): void => {
      if (asked) prompts.inform(message, detail);
    };
    if (!updater) return tell('Updates come with the installed app.', deps.disabledReason);
    if (state.phase === 'ready') return asked ? offerRestart(state.version) : undefined;
    if (state.phase === 'checking') return tell('Flowgate is checking for updates already.');
    if (state.phase === 'downloading') return tell(`Flowgate ${state.version} is downloading.`, 'Flowgate asks before restarting to install it.');
    if (state.phase === 'restarting') return;

    state = { phase: 'checking' };
    let found: string | undefined;
    try {
      const result = await updater.checkForUpdates();
      found = result?.isUpdateAvailable ? result.updateInfo.version : undefined;
    } catch (error) {
      state = { phase: 'idle' };
      log(`could not check for updates: ${describe(error)}`);
      return tell('Could not check for updates.', describe(error));
    }
    if (!found) {
      state = { phase: 'idle' };
      return tell(`Flowgate ${deps.currentVersion} is the latest version.`);
    }

    state = { phase: 'downloading', version: found };
    log(`Flowgate ${found} is available; downloading it in the background`);
    tell(`Flowgate ${found} is available.`, 'It downloads in the background; Flowgate asks before restarting to install it.');
    try {
      await updater.downloadUpdate();
    } catch (error) {
      state = { phase: 'idle' };
      const reason = downloadFailure(found, error);
      log(reason);
      return tell(`Flowgate ${found} was not downloaded.`, reason);
    }
    state = { phase: 'ready', version: found };
    log(`Flowgate ${found} is downloaded and matches the feed's checksum`);
    await offerRestart(found);
  }

  const quietly = (): void => void check(false).catch((error: unknown) => log(`update check: ${describe(error)}`));

  return {
    start: () => {
      if (!updater) return log(`updates are off: ${deps.disabledReason ?? 'no updater'}`);
      quietly();
      stopTimer = every(UPDATE_CHECK_INTERVAL_MS, quietly);
    },
    checkNow: () => check(true),
    stop: () => {
      stopTimer?.();
      cancelInstallTimeout?.();
    },
    get state() {
      return state;
    },
  };
}
