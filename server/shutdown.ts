/** What can be stopped: a listening server's close drains, flushes and closes the workspace. */
export type Stoppable = { close: () => Promise<void> };

let stopping = false;

/** Lets in-flight requests finish, flushes and closes, then exits: the CLI's and the desktop server's way to stop. */
export function stopAndExit(server: Stoppable, reason: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`${reason}: finishing in-flight requests…`);
  server.close().then(
    () => {
      console.log('Stopped.');
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/**
 * SIGINT/SIGTERM stop the server cleanly, and so does its parent going away when it was started
 * with an IPC channel (a test runner or the desktop app, even one killed with SIGKILL): the
 * channel closes with the parent, so no server outlives whoever started it.
 */
export function stopWhenAsked(server: Stoppable): void {
  process.once('SIGINT', () => stopAndExit(server, 'SIGINT'));
  process.once('SIGTERM', () => stopAndExit(server, 'SIGTERM'));
  if (!process.channel) return;
  process.off('disconnect', exitWhileStarting);
  if (!process.connected) return stopAndExit(server, 'parent process gone');
  process.once('disconnect', () => stopAndExit(server, 'parent process gone'));
}

/** While starting there is nothing to drain: a parent that leaves ends the process at once (SQLite's transactions keep the workspace whole). */
export function exitWhenParentLeavesWhileStarting(): void {
  if (process.channel) process.once('disconnect', exitWhileStarting);
}

function exitWhileStarting(): void {
  console.error('The parent process went away while the server was starting; stopping.');
  process.exit(1);
}
