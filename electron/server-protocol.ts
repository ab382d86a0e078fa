/**
 * Messages between the main process and the server's utility process (electron/server-entry.ts).
 * Readiness is read from the lines `flowgate serve` prints; the port carries what stdout can't:
 * a clean stop on every OS (Windows has no SIGTERM) and fresh one-time login links.
 */
export type ToServer = { type: 'stop' } | { type: 'login-url' };
export type FromServer = { type: 'login-url'; url: string };

export function isFromServer(message: unknown): message is FromServer {
  const candidate = message as Partial<FromServer> | null;
  return typeof candidate === 'object' && candidate !== null && candidate.type === 'login-url' && typeof candidate.url === 'string';
}

export function isToServer(message: unknown): message is ToServer {
  const type = (message as { type?: unknown } | null)?.type;
  return type === 'stop' || type === 'login-url';
}

/** Where the server listens, from the lines it printed when ready. */
export type ServerAddresses = { adminUrl: string; runtimeUrl: string; loginUrl: string };

/** Reads `Editor:`, `Admin API:` and `Runtime:` lines (server/main.ts prints the same); undefined until all three came. */
export function readServerAddresses(lines: readonly string[]): ServerAddresses | undefined {
  const find = (pattern: RegExp): string | undefined => {
    for (const line of lines) {
      const match = pattern.exec(line);
      if (match) return match[1];
    }
    return undefined;
  };
  const loginUrl = find(/^Editor:\s+(http:\/\/\S+)\s*$/);
  const adminUrl = find(/^Admin API:\s+(http:\/\/\S+?)\/admin\/v1\s*$/);
  const runtimeUrl = find(/^Runtime:\s+(http:\/\/\S+)\s*$/);
  return loginUrl && adminUrl && runtimeUrl ? { loginUrl, adminUrl, runtimeUrl } : undefined;
}

/** One-time login codes stay out of logs and error pages. */
export function redactLine(line: string): string {
  return line.replace(/([?&]code=)[^&\s]+/g, '$1…');
}
