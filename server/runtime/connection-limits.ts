import { readFileSync } from 'node:fs';
import type { ServerOptions } from 'node:http';

/**
 * What the runtime listener allows one connection: idle, half-sent or slow-body sockets are closed
 * (408) after these times, and past `maxConnections` new ones are refused (closed at once) so that
 * callers cannot use up the process's file descriptors, which the admin listener and the workspace need too.
 */

/** All of a request's headers must arrive within this time of its first byte (or of the connection, when idle). */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** The whole request, body included, must arrive within this time. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** An idle keep-alive connection is closed after this long. */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** The most connections when the descriptor limit is high; lower limits lower it (see defaultMaxConnections). */
export const MAX_DEFAULT_CONNECTIONS = 10_000;
/** Descriptors kept for everything but runtime callers: the admin listener, the workspace files, outbound requests. */
const RESERVED_DESCRIPTORS = 256;
/** The common soft limit, assumed where /proc does not tell. */
const ASSUMED_DESCRIPTOR_LIMIT = 1024;
/** Node checks the timeouts on a timer (30 s by default); checking often keeps them close to their setting. */
const MAX_CHECK_INTERVAL_MS = 1_000;
const MIN_CHECK_INTERVAL_MS = 50;

export type ConnectionLimits = {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
};

/** The connections the process can hold for callers: its open-files limit less a reserve, at most MAX_DEFAULT_CONNECTIONS. */
export function defaultMaxConnections(): number {
  return Math.max(1, Math.min(MAX_DEFAULT_CONNECTIONS, descriptorLimit() - RESERVED_DESCRIPTORS));
}

function descriptorLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((entry) => entry.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft === undefined || soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft) || ASSUMED_DESCRIPTOR_LIMIT;
  } catch {
    return ASSUMED_DESCRIPTOR_LIMIT;
  }
}

/** The limits with defaults filled; a request timeout shorter than the headers timeout bounds the headers too. */
export function resolveConnectionLimits(given: Partial<ConnectionLimits> = {}): ConnectionLimits {
  const requestTimeoutMs = given.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return {
    headersTimeoutMs: Math.min(given.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, requestTimeoutMs),
    requestTimeoutMs,
    keepAliveTimeoutMs: given.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: given.maxConnections ?? defaultMaxConnections(),
  };
}

/** node:http options for the runtime listener; maxConnections is set on the server itself. */
export function runtimeServerOptions(limits: ConnectionLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(MIN_CHECK_INTERVAL_MS, Math.min(MAX_CHECK_INTERVAL_MS, Math.floor(limits.headersTimeoutMs / 10))),
  };
}
