import { createServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { isIP, type AddressInfo } from 'node:net';
import { bindListeners, checkCanListen, type BuiltServer } from './built.js';
import type { ServerConfig } from './config.js';
import type { TlsCredentials } from './net/tls.js';
import { resolveConnectionLimits, runtimeServerOptions } from './runtime/connection-limits.js';

/** Where a built server listens; `listen` reports the bound addresses back. */
export type ListenOptions = Pick<ServerConfig, 'adminPort' | 'runtimePort' | 'host' | 'adminHost' | 'tls' | 'portFallback' | 'connectionLimits'>;

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
/** The admin listener stays on this machine unless --admin-host (with TLS) says otherwise. */
const DEFAULT_ADMIN_HOST = '127.0.0.1';
const IDLE_SWEEP_MS = 50;

const TAKEN_PORT_HINTS = {
  runtime: 'The runtime port is taken by another program: choose another with --port, or pass --port-fallback to use a free one.',
  admin: 'The admin port is taken by another program: choose another with --admin-port (0 picks a free one).',
} as const;

/**
 * Listens with the built server's handlers: runtime on host:runtimePort, admin on adminHost
 * (127.0.0.1 by default):adminPort; port 0 picks a free one. With `tls` both serve HTTPS.
 */
export async function listen(built: BuiltServer, options: ListenOptions): Promise<ListeningServer> {
  checkCanListen(built);
  const limits = resolveConnectionLimits(options.connectionLimits);
  const adminHost = options.adminHost ?? DEFAULT_ADMIN_HOST;
  // Callers get bounded time per connection and a bounded number of them; the admin listener keeps Node's defaults.
  const runtimeServer = serverFor(options.tls, runtimeServerOptions(limits), built.runtime);
  runtimeServer.maxConnections = limits.maxConnections;
  const adminServer = serverFor(options.tls, {}, built.admin);
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
    await listenOn(adminServer, options.adminPort, adminHost);
  } catch (error) {
    runtimeServer.close();
    throw explainListenFailure(error, listener);
  }
  const adminPort = (adminServer.address() as AddressInfo).port;
  const scheme = options.tls ? 'https' : 'http';
  const runtimeUrl = urlOf(scheme, runtimeServer.address() as AddressInfo);
  const stop = async (): Promise<void> => void (await Promise.all([drain(runtimeServer), drain(adminServer)]));
  try {
    bindListeners(built, { adminPort, runtimeUrl, stop });
  } catch (error) {
    await stop();
    throw error;
  }
  // A host name stays in the URL: it is what the certificate names; an address is reached as urlOf says.
  const adminUrl = isIP(adminHost) === 0 && adminHost !== 'localhost' ? `${scheme}://${adminHost}:${adminPort}` : urlOf(scheme, adminServer.address() as AddressInfo);
  return {
    adminUrl,
    runtimeUrl,
    publicUrl: built.publicUrl(),
    runtimePortTaken,
    loginUrl: () => `${adminUrl}/login?code=${built.services.access.newLoginCode()}`,
    close: built.close,
  };
}

/** Plain HTTP, or HTTPS with the certificate and key `flowgate serve --tls-cert --tls-key` read. */
function serverFor(tls: TlsCredentials | undefined, options: ServerOptions, handler: RequestListener): Server {
  if (!tls) return createServer(options, handler);
  // A TLS handshake is part of sending the headers: it gets no longer than they do (Node's 120 s where none is set).
  const handshakeTimeout = options.headersTimeout;
  return createHttpsServer({ ...options, ...(handshakeTimeout === undefined ? {} : { handshakeTimeout }), cert: tls.cert, key: tls.key }, handler);
}

/** A wildcard listener is reached on loopback from this machine. */
function urlOf(scheme: 'http' | 'https', address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${scheme}://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
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
