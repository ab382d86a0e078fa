import type { AuthConfig, RateLimit } from '../../shared/model/api.js';
import type { TokenContext } from '../../shared/model/runtime.js';
import type { AuthResult } from './auth-result.js';
import type { Authenticate } from './authenticate.js';
import { credentialOf, NO_CREDENTIAL, type RateLimitCounters, type RateLimitDecision } from './rate-limits.js';

/** The parts of a published route the guard reads. */
export type GuardedRoute = { environment: string; apiId: string; definition: { auth: AuthConfig; rateLimit: RateLimit | null } };
export type GuardedRequest = { headers: { authorization?: string | undefined } };

/** `headers` is made for this request alone (or null): the listener adds its own to it. */
export type Admitted = { ok: true; token: TokenContext | null; tokenId: string | null; headers: Record<string, string> | null };
/** `tokenId` names a genuine token that was refused, so the request log can show it. */
export type Refused = { ok: false; status: number; code: string; message: string; headers: Record<string, string>; tokenId?: string | null };
export type GuardResult = Admitted | Refused;

export type RequestGuard = (route: GuardedRoute, req: GuardedRequest, clientIp: string) => GuardResult | Promise<GuardResult>;

const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * One call per runtime request: failed-auth lockout (per credential and address), authentication,
 * then the API's and the token's rate limits. Synchronous whenever the token is cached and the
 * counters answered synchronously (always in-process ones; shared ones when nothing is rate-limited).
 */
export function createRequestGuard(deps: { authenticate: Authenticate; rateLimits: RateLimitCounters }): RequestGuard {
  const { authenticate, rateLimits } = deps;

  const afterAuth = (route: GuardedRoute, req: GuardedRequest, clientIp: string, auth: AuthResult): GuardResult | Promise<GuardResult> => {
    if (!auth.ok) {
      if (auth.status === 429) return tooManyFailures(Math.max(1, rateLimits.addressFloodRetryAfter(clientIp)), 'address');
      const headers = auth.wwwAuthenticate === undefined ? NO_HEADERS : { 'www-authenticate': auth.wwwAuthenticate };
      const refused: Refused = { ok: false, status: auth.status, code: auth.code, message: auth.message, headers, tokenId: auth.tokenId ?? null };
      if (auth.status !== 401) return refused;
      // Counted per credential (this token, or none) and address: a stale client slows itself down, not its neighbours.
      const authorization = req.headers.authorization;
      return rateLimits
        .recordFailedAuth(clientIp, authorization)
        .then((retryAfter) => (retryAfter > 0 ? tooManyFailures(retryAfter, credentialOf(authorization) === NO_CREDENTIAL ? 'no token' : 'token') : refused));
    }
    const decision = rateLimits.consume({
      environment: route.environment,
      apiId: route.apiId,
      apiLimit: route.definition.rateLimit,
      tokenId: auth.tokenId,
      tokenLimit: auth.rateLimit,
    });
    return decision instanceof Promise ? decision.then((settled) => admit(auth, settled)) : admit(auth, decision);
  };

  return (route, req, clientIp) => {
    const auth = route.definition.auth;
    const authorization = req.headers.authorization;
    if (auth.required) {
      const retryAfter = rateLimits.failedAuthRetryAfter(clientIp, authorization);
      if (retryAfter > 0) return tooManyFailures(retryAfter, credentialOf(authorization) === NO_CREDENTIAL ? 'no token' : 'token');
    }
    const verifyUncached = rateLimits.addressFloodRetryAfter(clientIp) === 0;
    const result = authenticate({ authorization, environment: route.environment, auth, clientIp, verifyUncached });
    return result instanceof Promise ? result.then((settled) => afterAuth(route, req, clientIp, settled)) : afterAuth(route, req, clientIp, result);
  };
}

function admit(auth: AuthResult & { ok: true }, decision: RateLimitDecision): GuardResult {
  if (!decision.ok) {
    const who = decision.limitedBy === 'api' ? 'This API' : 'This token';
    return {
      ok: false,
      status: 429,
      code: 'rate_limited',
      message: `${who} allows ${decision.limit.requests} requests per ${decision.limit.perSeconds} s: try again in ${decision.retryAfterSeconds} s`,
      headers: decision.headers,
      tokenId: auth.tokenId,
    };
  }
  return { ok: true, token: auth.token, tokenId: auth.tokenId, headers: decision.headers };
}

const LOCKED_OUT: Record<'token' | 'no token' | 'address', string> = {
  token: 'Too many failed attempts with this token from this address',
  'no token': 'Too many requests without a token from this address',
  address: 'Too many failed authentication attempts from this address',
};

function tooManyFailures(retryAfter: number, who: keyof typeof LOCKED_OUT): Refused {
  return {
    ok: false,
    status: 429,
    code: 'too_many_failed_attempts',
    message: `${LOCKED_OUT[who]}: try again in ${retryAfter} s`,
    headers: { 'retry-after': String(retryAfter) },
  };
}
