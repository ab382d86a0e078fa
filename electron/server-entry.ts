import type { ParentPort } from 'electron';
import { readyMessage } from '../server/app.js';
import { readServeConfig } from '../server/config.js';
import { buildAndListen, exitWhenParentLeavesWhileStarting, keepServingThroughUncaughtErrors, stopAndExit, stopWhenAsked } from '../server/main.js';
import { isToServer, type FromServer } from './server-protocol.js';
import { useSqliteBinding } from './sqlite-binding.js';

/**
 * The server as the desktop app runs it, in Electron's utility process: `flowgate serve`'s
 * flags and environment (server/config.ts), plus a message port to the main process that
 * reports readiness with the bound addresses, asks for a clean stop on every OS and hands out
 * fresh one-time login links. The admin key and KEK come in the environment.
 */

/** Electron's parentPort, or Node's IPC channel when a test forks this file with plain Node. */
type Parent = { onMessage: (listener: (message: unknown) => void) => void; send: (message: FromServer) => void };

function parentChannel(): Parent | undefined {
  const port = (process as { parentPort?: ParentPort }).parentPort;
  if (port) return { onMessage: (listener) => port.on('message', (event) => listener(event.data)), send: (message) => port.postMessage(message) };
  if (process.send) return { onMessage: (listener) => process.on('message', listener), send: (message) => process.send?.(message) };
  return undefined;
}

async function run(argv: string[]): Promise<void> {
  exitWhenParentLeavesWhileStarting();
  if (!process.env.FLOWGATE_ADMIN_KEY) throw new Error('The desktop app starts the server with FLOWGATE_ADMIN_KEY set.');
  if (process.env.FLOWGATE_SQLITE_BINDING) useSqliteBinding(process.env.FLOWGATE_SQLITE_BINDING);
  const config = readServeConfig(argv.slice(argv.indexOf('serve') + 1), process.env);
  const server = await buildAndListen(config);
  const lines = [`Flowgate · workspace ${config.dbFile}`, ...config.warnings, `Admin API: ${server.adminUrl}/admin/v1`, `Runtime:   ${server.runtimeUrl}`];
  if (server.runtimePortTaken !== undefined) lines.push(`(port ${server.runtimePortTaken} is taken by another program; listening on a free one instead)`);
  console.log(lines.join('\n'));

  const parent = parentChannel();
  parent?.onMessage((message) => {
    if (!isToServer(message)) return;
    if (message.type === 'stop') stopAndExit(server, 'stop requested');
    else parent.send({ type: 'login-url', url: server.loginUrl() });
  });
  // Handlers first: a signal before them would end the process without draining.
  stopWhenAsked(server);
  keepServingThroughUncaughtErrors({ stop: (reason) => stopAndExit(server, reason) });
  parent?.send(readyMessage(server));
}

/** Electron stops reading a utility process's pipes at its exit; this gives the reason time to arrive. */
const FATAL_EXIT_DELAY_MS = 200;

run(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  setTimeout(() => process.exit(1), FATAL_EXIT_DELAY_MS);
});
