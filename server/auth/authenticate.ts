import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../../shared/model/api.js';
import type { AccessEntry } from './access.js';
import { ANONYMOUS, FAILURES, insufficientScope, type AuthFailure, type AuthResult } from './auth-result.js';
import { ipAllowed } from './ip-allowlist.js';
import { SIGNING_ALG } from './signing-keys.js';
import { DEFAULT_VERIFIED_CACHE_SIZE, VerifiedTokenCache, type VerifiedClaims } from './verified-cache.js';

export type AuthInput = {
  /** The raw `Authorization` header. */
  authorization: string | undefined;
  /** The environment the request addressed (`/dev/...` → `dev`). */
  environment: string;
  auth: AuthConfig;
  clientIp: string;
  /**
   * False while the address floods failed attempts: a token not in the verified cache is then
   * refused (429) without the cost of checking its signature; cached ones pass as usual.
   */
  verifyUncached?: boolean;
};

/** Synchronous on a verified-token cache hit; a Promise only when a signature must be checked. */
export type Authenticate = (input: AuthInput) => AuthResult | Promise<AuthResult>;

export type AuthenticatorOptions = {
  signingKeys: { verifyKey(kid: string): CryptoKey | undefined };
  access: { get(tokenId: string): AccessEntry | null };
  /** The `iss` this workspace signs with (see `workspaceIssuer`). */
  workspaceIssuer: string;
  /** Told about every presented token that is genuinely this workspace's, accepted or not. */
  usage?: { record(tokenId: string, ip: string): void };
  verifiedCacheSize?: number;
  now?: () => number;
};

// Ours are ~300 characters; anything far longer is not worth a verification.
const MAX_TOKEN_LENGTH = 4096;
const BEARER = 'bearer ';
const MS_PER_SECOND = 1000;
/** Told apart from other failures only so the message can say so; the code stays invalid_token. */
const EXPIRED = 'expired';
type Verified = VerifiedClaims | typeof EXPIRED | null;

export function createAuthenticator(options: AuthenticatorOptions): Authenticate & { cache: VerifiedTokenCache } {
  const { signingKeys, access, usage, workspaceIssuer } = options;
  const now = options.now ?? Date.now;
  const cache = new VerifiedTokenCache(options.verifiedCacheSize ?? DEFAULT_VERIFIED_CACHE_SIZE);
  // Concurrent first requests with one token share one verification.
  const pending = new Map<string, Promise<Verified>>();

  const getKey: JWTVerifyGetKey = (header) => {
    const key = header.kid === undefined ? undefined : signingKeys.verifyKey(header.kid);
    if (!key) throw new Error('no such signing key');
    return key;
  };

  async function verify(token: string): Promise<Verified> {
    try {
      const { payload, protectedHeader } = await jwtVerify(token, getKey, {
        algorithms: [SIGNING_ALG],
        issuer: workspaceIssuer,
        typ: 'JWT',
        requiredClaims: ['jti', 'aud', 'iat'],
        currentDate: new Date(now()),
      });
      if (typeof payload.jti !== 'string' || payload.aud === undefined || protectedHeader.kid === undefined) return null;
      const claims: VerifiedClaims = {
        tokenId: payload.jti,
        audience: payload.aud,
        expiresAtMs: payload.exp === undefined ? Infinity : payload.exp * MS_PER_SECOND,
        kid: protectedHeader.kid,
      };
      cache.set(token, claims);
      return claims;
    } catch (error) {
      return error instanceof errors.JWTExpired ? EXPIRED : null;
    }
  }

  function decide(claims: Verified, input: AuthInput): AuthResult {
    if (claims === null) return FAILURES.malformed;
    if (claims === EXPIRED) return FAILURES.expired;
    const entry = access.get(claims.tokenId);
    if (entry === null) return FAILURES.revoked;
    usage?.record(entry.id, input.clientIp);
    const refusal = refusalOf(entry, claims, input, now());
    if (refusal) return { ...refusal, tokenId: entry.id }; // the log and audit name the token that was refused
    return { ok: true, token: entry.context, tokenId: entry.id, rateLimit: entry.rateLimit };
  }

  // An open API takes a token it can use and otherwise serves the caller as anonymous.
  const outcome = (result: AuthResult, required: boolean): AuthResult => (required || result.ok ? result : ANONYMOUS);

  const authenticate = (input: AuthInput): AuthResult | Promise<AuthResult> => {
    const required = input.auth.required;
    const header = input.authorization;
    if (header === undefined || header.length < BEARER.length || header.slice(0, BEARER.length).toLowerCase() !== BEARER) {
      return required ? FAILURES.noToken : ANONYMOUS;
    }
    const token = header.slice(BEARER.length).trim();
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return outcome(FAILURES.malformed, required);

    const hit = cache.get(token, now());
    // A retired key's tokens stop at once, cached or not.
    if (hit !== undefined && signingKeys.verifyKey(hit.kid) !== undefined) return outcome(decide(hit, input), required);
    if (input.verifyUncached === false) return FAILURES.unverified;

    let verifying = pending.get(token);
    if (!verifying) {
      verifying = verify(token).finally(() => pending.delete(token));
      pending.set(token, verifying);
    }
    return verifying.then((claims) => outcome(decide(claims, input), required));
  };
  return Object.assign(authenticate, { cache });
}

/** Why a genuine, known token may not call this API here; undefined when it may. */
function refusalOf(entry: AccessEntry, claims: VerifiedClaims, input: AuthInput, at: number): AuthFailure | undefined {
  if (entry.revoked || at >= entry.graceUntilMs) return FAILURES.revoked;
  if (at >= entry.expiresAtMs) return FAILURES.expired;
  if (!audienceIncludes(claims.audience, input.environment)) return FAILURES.wrongEnvironment;
  if (!ipAllowed(entry.ipAllowlist, input.clientIp)) return FAILURES.ipNotAllowed;
  const { keyGroupIds, scopes } = input.auth;
  if (keyGroupIds.length > 0 && !keyGroupIds.some((id) => entry.groups.has(id))) return FAILURES.notInKeyGroup;
  for (const scope of scopes) if (!entry.scopes.has(scope)) return insufficientScope(input.auth);
  return undefined;
}

function audienceIncludes(audience: string | readonly string[], environment: string): boolean {
  return typeof audience === 'string' ? audience === environment : audience.includes(environment);
}
