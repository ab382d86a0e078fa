import type { FlowgateServer } from './app.js';

/** Lets in-flight requests finish, flushes and closes, then exits: the CLI's and the desktop server's way to stop. */
export function stopAndExit(server: FlowgateServer, reason: string): void {
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
