import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ParentPort } from 'electron';
import { z } from 'zod';
import { startServer } from '../server/app.js';
import { stopAndExit } from '../server/shutdown.js';
import { isToServer, type FromServer } from './server-protocol.js';
import { useSqliteBinding } from './sqlite-binding.js';

/**
 * The server as the desktop app runs it, in Electron's utility process: `flowgate serve`'s
 * flags and printed lines, plus a message port to the main process for a clean stop on every
 * OS and fresh one-time login links. The admin key and KEK come in the environment.
 */

const Port = z.coerce.number().int().min(0).max(65_535);
const Flags = z.object({ db: z.string().min(1), 'admin-port': Port, port: Port, host: z.string().min(1) });

/** Electron's parentPort, or Node's IPC channel when a test forks this file with plain Node. */
type Parent = { onMessage: (listener: (message: unknown) => void) => void; send: (message: FromServer) => void };

function parentChannel(): Parent | undefined {
  const port = (process as { parentPort?: ParentPort }).parentPort;
  if (port) return { onMessage: (listener) => port.on('message', (event) => listener(event.data)), send: (message) => port.postMessage(message) };
  if (process.send) return { onMessage: (listener) => process.on('message', listener), send: (message) => process.send?.(message) };
  return undefined;
}

async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv.slice(argv.indexOf('serve') + 1),
    options: { db: { type: 'string' }, 'admin-port': { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
    strict: true,
  });
  const flags = Flags.parse(values);
  const adminKey = process.env.FLOWGATE_ADMIN_KEY;
  if (!adminKey) throw new Error('The desktop app starts the server with FLOWGATE_ADMIN_KEY set.');
  if (process.env.FLOWGATE_SQLITE_BINDING) useSqliteBinding(process.env.FLOWGATE_SQLITE_BINDING);

  const dbFile = path.resolve(flags.db);
  const server = await startServer({
    dbFile,
    adminKey,
    adminPort: flags['admin-port'],
    runtimePort: flags.port,
    host: flags.host,
    kek: process.env.FLOWGATE_KEK || undefined,
  });
  console.log(
    [`Flowgate · workspace ${dbFile}`, `Editor:    ${server.loginUrl()}`, `Admin API: ${server.adminUrl}/admin/v1`, `Runtime:   ${server.runtimeUrl}`].join('\n'),
  );

  const parent = parentChannel();
  parent?.onMessage((message) => {
    if (!isToServer(message)) return;
    if (message.type === 'stop') stopAndExit(server, 'stop requested');
    else parent.send({ type: 'login-url', url: server.loginUrl() });
  });
  process.once('SIGTERM', () => stopAndExit(server, 'SIGTERM'));
  process.once('SIGINT', () => stopAndExit(server, 'SIGINT'));
}

/** Electron stops reading a utility process's pipes at its exit; this gives the reason time to arrive. */
const FATAL_EXIT_DELAY_MS = 200;

run(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  setTimeout(() => process.exit(1), FATAL_EXIT_DELAY_MS);
});
