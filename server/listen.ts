import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bindListeners, checkCanListen, type BuiltServer } from './built.js';
import type { ServerConfig } from './config.js';
import { resolveConnectionLimits, runtimeServerOptions } from './runtime/connection-limits.js';

/** Where a built server listens; `listen` reports the bound addresses back. */
export type ListenOptions = Pick<ServerConfig, 'adminPort' | 'runtimePort' | 'host' | 'portFallback' | 'connectionLimits'>;

export type ListeningServer = {
  adminUrl: string;
  runtimeUrl: string;
  /** --public-url, else runtimeUrl. */
  publicUrl: string;
  /** The runtime port asked for when another program held it (runtimeUrl names the free one used instead). */
  runtimePortTaken: number | undefined;
  /** A fresh one-time login URL for the editor. */
  loginUrl: () => string;
  /** The built server's close: stops listening (draining), flushes the log, closes the workspace. */
  close: () => Promise<void>;
};

const SHUTDOWN_GRACE_MS = 10_000;
const IDLE_SWEEP_MS = 50;

const TAKEN_PORT_HINTS = {
  runtime: 'The runtime port is taken by another program: choose another with --port, or pass --port-fallback to use a free one.',
  admin: 'The admin port is taken by another program: choose another with --admin-port (0 picks a free one).',
} as const;

/** Listens with the built server's handlers: runtime on host:runtimePort, admin on 127.0.0.1:adminPort; port 0 picks a free one. */
export async function listen(built: BuiltServer, options: ListenOptions): Promise<ListeningServer> {
  checkCanListen(built);
  const limits = resolveConnectionLimits(options.connectionLimits);
  // Callers get bounded time per connection and a bounded number of them; the admin listener keeps Node's defaults.
  const runtimeServer = createServer(runtimeServerOptions(limits), built.runtime);
  runtimeServer.maxConnections = limits.maxConnections;
  const adminServer = createServer(built.admin);
  let runtimePortTaken: number | undefined;
  let listener: 'runtime' | 'admin' = 'runtime';
  try {
    try {
      await listenOn(runtimeServer, options.runtimePort, options.host);
    } catch (error) {
      if (!options.portFallback || options.runtimePort === 0 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      runtimePortTaken = options.runtimePort;
      await listenOn(runtimeServer, 0, options.host);
    }
    listener = 'admin';
    await listenOn(adminServer, options.adminPort, '127.0.0.1');
  } catch (error) {
    runtimeServer.close();
    throw explainListenFailure(error, listener);
  }
  const adminPort = (adminServer.address() as AddressInfo).port;
  const runtimeUrl = urlOf(runtimeServer.address() as AddressInfo);
  const stop = async (): Promise<void> => void (await Promise.all([drain(runtimeServer), drain(adminServer)]));
  try {
    bindListeners(built, { adminPort, runtimeUrl, stop });
  } catch (error) {
    await stop();
    throw error;
  }
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  return {
    adminUrl,
    runtimeUrl,
    publicUrl: built.publicUrl(),
    runtimePortTaken,
    loginUrl: () => `${adminUrl}/login?code=${built.services.access.newLoginCode()}`,
    close: built.close,
  };
}

/** A wildcard listener is reached on loopback from this machine. */
function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
}

/** A taken port says what to do about it; Node's own line stays last, as the desktop app reads the port from it. */
function explainListenFailure(error: unknown, listener: keyof typeof TAKEN_PORT_HINTS): unknown {
  const failure = error as NodeJS.ErrnoException;
  if (failure.code !== 'EADDRINUSE') return error;
  return Object.assign(new Error(`${TAKEN_PORT_HINTS[listener]}\n${failure.message}`), { code: failure.code });
}

function listenOn(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Stops accepting connections and waits for in-flight requests. Keep-alive sockets are closed as
 * soon as they fall idle (checked every tick of IDLE_SWEEP_MS); the rest are forced after a grace period.
 */
function drain(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    server.close(() => {
      clearTimeout(force);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** What a started server tells the process that started it (over an IPC channel or Electron's parentPort) instead of a printed banner. */
export type ServerReady = {
  type: 'ready';
  adminUrl: string;
  runtimeUrl: string;
  publicUrl: string;
  loginUrl: string;
  runtimePortTaken?: number;
};

export function readyMessage(server: ListeningServer): ServerReady {
  const { adminUrl, runtimeUrl, publicUrl, runtimePortTaken } = server;
  return { type: 'ready', adminUrl, runtimeUrl, publicUrl, loginUrl: server.loginUrl(), ...(runtimePortTaken === undefined ? {} : { runtimePortTaken }) };
}
