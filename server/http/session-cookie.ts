/**
 * The admin session cookie. Browsers send cookies by host, whatever the port, so a browser signed
 * in to the editor sends it to the published APIs on the same host too: flows must never see it.
 */
export const SESSION_COOKIE = 'flowgate_session';

/** A Cookie header without the admin session's pair (every other cookie kept as sent); undefined when nothing is left. */
export function withoutSessionCookie(header: string): string | undefined {
  if (!header.includes(SESSION_COOKIE)) return header;
  const kept = header.split(';').filter((pair) => {
    const separator = pair.indexOf('=');
    return (separator === -1 ? pair : pair.slice(0, separator)).trim() !== SESSION_COOKIE;
  });
  const joined = kept.map((pair) => pair.trim()).filter(Boolean).join('; ');
  return joined === '' ? undefined : joined;
}
