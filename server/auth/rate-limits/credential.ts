import { createHash } from 'node:crypto';

/** Failures counted without a token: one credential of their own. */
export const NO_CREDENTIAL = 'none';
// 64 bits of SHA-256: enough to tell one client's token from another's, too short to be a stored token.
const FINGERPRINT_HEX_CHARS = 16;

/** The credential an Authorization header presents: its token's fingerprint, or NO_CREDENTIAL. */
export function credentialOf(authorization: string | undefined): string {
  const token = authorization?.replace(/^\s*bearer\s+/i, '').trim();
  if (!token) return NO_CREDENTIAL;
  return createHash('sha256').update(token).digest('hex').slice(0, FINGERPRINT_HEX_CHARS);
}
