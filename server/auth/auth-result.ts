import type { AuthConfig, RateLimit } from '../../shared/model/api.js';
import type { TokenContext } from '../../shared/model/runtime.js';

/** The exact WWW-Authenticate values (RFC 6750 §3); the realm is on every one for consistency. */
export const WWW_AUTHENTICATE = {
  unauthorized: 'Bearer realm="flowgate"',
  invalidToken: 'Bearer realm="flowgate", error="invalid_token"',
  insufficientScope: (scopes: readonly string[]): string => `Bearer realm="flowgate", error="insufficient_scope", scope="${scopes.join(' ')}"`,
} as const;

export type AuthFailureCode =
  | 'unauthorized' | 'invalid_token' | 'wrong_environment' | 'ip_not_allowed' | 'not_in_key_group' | 'insufficient_scope'
  | 'too_many_failed_attempts';

export type AuthSuccess = {
  readonly ok: true;
  /** null on an API that does not require auth and got no usable token. */
  readonly token: Readonly<TokenContext> | null;
  readonly tokenId: string | null;
  /** The token's own rate limit, if it has one. */
  readonly rateLimit: RateLimit | null;
};

export type AuthFailure = {
  readonly ok: false;
  /** 429 only for a token left unverified because its address is flooding failures (see AuthInput.verifyUncached). */
  readonly status: 401 | 403 | 429;
  readonly code: AuthFailureCode;
  readonly message: string;
  readonly wwwAuthenticate?: string;
  /** The token refused, when it was genuine and known (revoked, wrong environment, address, group or scope). */
  readonly tokenId?: string;
};

export type AuthResult = AuthSuccess | AuthFailure;

export const ANONYMOUS: AuthSuccess = Object.freeze({ ok: true, token: null, tokenId: null, rateLimit: null });

const failure = (status: 401 | 403 | 429, code: AuthFailureCode, message: string, wwwAuthenticate?: string): AuthFailure =>
  Object.freeze(wwwAuthenticate === undefined ? { ok: false, status, code, message } : { ok: false, status, code, message, wwwAuthenticate });

/** Built once: a refusal allocates nothing. Messages say why without saying more. */
export const FAILURES = {
  noToken: failure(401, 'unauthorized', 'This API requires a token: send it as "Authorization: Bearer <token>".', WWW_AUTHENTICATE.unauthorized),
  malformed: failure(401, 'invalid_token', 'The token is malformed, not signed by this workspace, or not valid yet.', WWW_AUTHENTICATE.invalidToken),
  expired: failure(401, 'invalid_token', 'The token has expired.', WWW_AUTHENTICATE.invalidToken),
  revoked: failure(401, 'invalid_token', 'The token has been revoked.', WWW_AUTHENTICATE.invalidToken),
  wrongEnvironment: failure(403, 'wrong_environment', 'The token belongs to another environment.'),
  ipNotAllowed: failure(403, 'ip_not_allowed', 'The token may not be used from this address.'),
  notInKeyGroup: failure(403, 'not_in_key_group', 'The token is not in a key group this API accepts.'),
  unverified: failure(429, 'too_many_failed_attempts', 'Too many failed authentication attempts from this address: only tokens already verified are accepted from it for now.'),
} as const;

const scopeFailures = new WeakMap<AuthConfig, AuthFailure>();

/** One per published auth config, so a refusal for scope allocates nothing either. */
export function insufficientScope(auth: AuthConfig): AuthFailure {
  let cached = scopeFailures.get(auth);
  if (!cached) {
    cached = failure(
      403,
      'insufficient_scope',
      `The token lacks a scope this API requires (${auth.scopes.join(', ')}).`,
      WWW_AUTHENTICATE.insufficientScope(auth.scopes),
    );
    scopeFailures.set(auth, cached);
  }
  return cached;
}
