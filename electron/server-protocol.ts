import type { ServerReady } from '../server/app.js';

/**
 * Messages between the main process and the server's utility process (electron/server-entry.ts).
 * The server reports readiness with its bound addresses (what `flowgate serve` sends a parent on
 * its IPC channel too); the main process asks for a clean stop on every OS (Windows has no
 * SIGTERM) and for fresh one-time login links.
 */
export type ToServer = { type: 'stop' } | { type: 'login-url' };
export type FromServer = ServerReady | { type: 'login-url'; url: string };

/** Where the server listens, as its ready message said. */
export type ServerAddresses = Omit<ServerReady, 'type'>;

const isText = (value: unknown): value is string => typeof value === 'string';

export function isFromServer(message: unknown): message is FromServer {
  if (typeof message !== 'object' || message === null) return false;
  const candidate = message as Record<string, unknown>;
  if (candidate.type === 'login-url') return isText(candidate.url);
  if (candidate.type !== 'ready') return false;
  const portTaken = candidate.runtimePortTaken;
  return [candidate.adminUrl, candidate.runtimeUrl, candidate.publicUrl, candidate.loginUrl].every(isText) && (portTaken === undefined || typeof portTaken === 'number');
}

export function isToServer(message: unknown): message is ToServer {
  const type = (message as { type?: unknown } | null)?.type;
  return type === 'stop' || type === 'login-url';
}

/** The addresses of a ready message, without its type tag. */
export function addressesOf(ready: ServerReady): ServerAddresses {
  const { type: _type, ...addresses } = ready;
  return addresses;
}

/** One-time login codes stay out of logs and error pages. */
export function redactLine(line: string): string {
  return line.replace(/([?&]code=)[^&\s]+/g, '$1…');
}
