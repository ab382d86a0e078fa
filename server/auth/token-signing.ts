import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKeys } from './signing-keys.js';
import { SIGNING_ALG } from './signing-keys.js';

const MS_PER_SECOND = 1000;
const FINGERPRINT_HEX_DIGITS = 8;

export type SignedToken = { jwt: string; kid: string; fingerprint: string };

/**
 * Signs a token's identity and nothing else: scopes, variables, groups and allowlists stay in
 * the workspace, so changing them needs no new token.
 */
export async function signToken(
  signingKeys: SigningKeys,
  claims: { issuer: string; tokenId: string; environment: string; issuedAtMs: number; expiresAtMs: number | null },
): Promise<SignedToken> {
  const { kid, privateKey } = signingKeys.current();
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: 'JWT' })
    .setIssuer(claims.issuer)
    .setAudience(claims.environment)
    .setJti(claims.tokenId)
    .setIssuedAt(Math.floor(claims.issuedAtMs / MS_PER_SECOND));
  if (claims.expiresAtMs !== null) jwt.setExpirationTime(Math.floor(claims.expiresAtMs / MS_PER_SECOND));
  const token = await jwt.sign(privateKey);
  return { jwt: token, kid, fingerprint: fingerprintOf(token) };
}

/** What a person can compare against: `printf %s "$TOKEN" | sha256sum | cut -c1-8`. Not enough to rebuild anything. */
export function fingerprintOf(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, FINGERPRINT_HEX_DIGITS);
}

/** Expiry is signed in whole seconds; storing the same instant keeps the two from disagreeing. */
export function toWholeSeconds(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / MS_PER_SECOND) * MS_PER_SECOND).toISOString();
}
