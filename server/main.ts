import { buildServer, listen, readyMessage, type ListeningServer } from './app.js';
import { readServeConfig, type ServeConfig, type ServerConfig } from './config.js';
import { keepServingThroughUncaughtErrors } from './last-resort.js';
import { runTestCommand } from './testing/cli.js';
import { exitWhenParentLeavesWhileStarting, stopAndExit, stopWhenAsked } from './shutdown.js';
import { redactUrl } from './storage/postgres.js';

export { exitWhenParentLeavesWhileStarting, stopAndExit, stopWhenAsked } from './shutdown.js';
export { keepServingThroughUncaughtErrors } from './last-resort.js';

const VERSION = '0.1.0';

const USAGE = `Usage: flowgate test [--db FILE | --database URL | --workspace FILE.json] [--reporter text|junit|json] … (see flowgate test --help)
       flowgate serve [--db FILE | --database URL] [--admin-port 4300] [--port 4310] [--host 127.0.0.1]
                      [--admin-host 127.0.0.1] [--tls-cert FILE --tls-key FILE]
                      [--public-url URL] [--port-fallback] [--max-connections N]
                      [--headers-timeout MS] [--request-timeout MS] [--keep-alive-timeout MS]

Starts the Flowgate server without the desktop app: the editor and admin API on
<admin-host>:<admin-port>, the published App APIs on <host>:<port>. Port 0 picks a free port.

  --database URL     a PostgreSQL workspace (postgres://user:password@host:5432/db) instead of
                     the SQLite file; every server started on it is a replica. Needs
                     FLOWGATE_ADMIN_KEY and FLOWGATE_KEK set, the same on each. Also FLOWGATE_DATABASE_URL
  --admin-host HOST  where the editor and admin API listen (default 127.0.0.1); any other than
                     loopback needs --tls-cert and --tls-key
  --tls-cert FILE    serve both listeners over HTTPS with this PEM certificate (chain)
  --tls-key FILE     … and its unencrypted PEM private key. Also FLOWGATE_TLS_CERT, FLOWGATE_TLS_KEY
  --public-url URL   the runtime's base URL as callers reach it (e.g. behind a proxy), used in
                     OpenAPI documents; default: the listener's own address
  --port-fallback    if --port is taken, listen on a free port instead (and print which)
  --max-connections N      runtime connections at once; more are refused (default: the open-files
                           limit less 256, at most 10000). Also FLOWGATE_MAX_CONNECTIONS
  --headers-timeout MS     a request's headers must arrive within this (default 10000), else 408.
                           Also FLOWGATE_HEADERS_TIMEOUT_MS
  --request-timeout MS     the whole request, body included, within this (default 30000).
                           Also FLOWGATE_REQUEST_TIMEOUT_MS
  --keep-alive-timeout MS  idle keep-alive connections are closed after this (default 5000).
                           Also FLOWGATE_KEEP_ALIVE_TIMEOUT_MS

Environment:
  FLOWGATE_ADMIN_KEY    use this admin key (16 characters or more) instead of the one kept in FILE.admin-key
  FLOWGATE_KEK          the key that encrypts the workspace's signing keys at rest, instead of the
                        one kept in FILE.kek (made at first start, mode 0600)
  FLOWGATE_DEADLINE_MS  how long a flow may run before the request gets 504 (default 30000)
  FLOWGATE_TRUSTED_PROXIES  comma-separated CIDRs of proxies whose X-Forwarded-For is believed
                        (default: none; the header is ignored)

Started with an IPC channel (child_process.fork), it sends its addresses to the parent as a
{ type: 'ready' } message and stops when the parent goes away.`;

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') return void console.log(VERSION);
  if (command === 'test') return void (process.exitCode = await runTestCommand(rest));
  if (command !== 'serve') {
    console.log(USAGE);
    if (command !== undefined && command !== '--help' && command !== '-h') process.exitCode = 2;
    return;
  }
  if (rest.includes('--help') || rest.includes('-h')) return void console.log(USAGE);
  exitWhenParentLeavesWhileStarting();
  const config = readServeConfig(rest, process.env);
  const server = await buildAndListen(config);
  // Handlers first: a signal before them would end the process without draining.
  stopWhenAsked(server);
  keepServingThroughUncaughtErrors({ stop: (reason) => stopAndExit(server, reason) });
  console.log(banner(config, server).join('\n'));
  process.send?.(readyMessage(server));
}

/** The CLI's and the desktop entry's start: builds, then listens as configured; a failure to listen closes what was built. */
export async function buildAndListen(config: ServerConfig): Promise<ListeningServer> {
  const built = await buildServer(config);
  try {
    return await listen(built, config);
  } catch (error) {
    await built.close();
    throw error;
  }
}

/** For people; programs get the same addresses in the ready message. */
function banner(config: ServeConfig, server: ListeningServer): string[] {
  const lines = [`Flowgate ${VERSION} · workspace ${config.databaseUrl ? `${redactUrl(config.databaseUrl)} (PostgreSQL: a replica)` : config.dbFile}`, ...config.warnings];
  if (config.adminKeyFile?.created) lines.push(`Admin key: ${config.adminKey}  (shown once; kept in ${config.adminKeyFile.path})`);
  if (config.kekFile?.created) lines.push(`Signing keys are encrypted with a key kept in ${config.kekFile.path}: back it up with the workspace.`);
  lines.push(`Editor:    ${server.loginUrl()}`, `Admin API: ${server.adminUrl}/admin/v1`, `Runtime:   ${server.runtimeUrl}`);
  if (server.runtimePortTaken !== undefined) lines.push(`           (port ${server.runtimePortTaken} is taken by another program; listening on a free one instead)`);
  if (server.publicUrl !== server.runtimeUrl) lines.push(`Public:    ${server.publicUrl}`);
  lines.push('Press Ctrl+C to stop.');
  return lines;
}
