/**
 * A Draft's http.request to a host its session has not allowed stops with this message; the tester
 * reads the host back from it to ask "allow for this session?". One module writes and reads it.
 */
const PREFIX = 'This draft calls ';
const SUFFIX = ': allow it for this Draft session in the tester, then send again';

export const draftCallMessage = (host: string): string => `${PREFIX}${host}${SUFFIX}`;

/** The host a refused Draft call names, or undefined for any other message. */
export function hostOfDraftCall(message: string): string | undefined {
  if (!message.startsWith(PREFIX) || !message.endsWith(SUFFIX)) return undefined;
  const host = message.slice(PREFIX.length, message.length - SUFFIX.length);
  return host === '' ? undefined : host;
}
