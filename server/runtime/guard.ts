import type { AuthResult } from '../auth/auth-result.js';
import type { Authenticate } from '../auth/authenticate.js';
import { createRequestGuard, type GuardResult, type RequestGuard } from '../auth/guard.js';
import type { RateLimitCounters } from '../auth/rate-limits.js';

export type { Admitted, GuardResult, Refused } from '../auth/guard.js';

/** Decides, per request, whether a route may run: authentication, key groups, scopes, rate limits. */
export type RuntimeGuard = RequestGuard;

/** What a pipeline's guard is built from: the workspace's authentication and its rate-limit counters. */
export type GuardDeps = { authenticate: Authenticate; rateLimits: RateLimitCounters };

/**
 * Whether a pipeline's requests count against the API's and token's rate limits and the failed-auth
 * lockout (and can be refused by them). Draft runs don't, so trying a draft never locks out live clients.
 */
export type RateLimiting = 'counted' | 'not counted';

/**
 * Authentication alone, refused and admitted exactly as the runtime guard does: how a Draft run is
 * let in. No counter of RateLimits is read or written, so no lockout or limit of live clients moves.
 */
function uncountedGuard(authenticate: Authenticate): RuntimeGuard {
  const decide = (auth: AuthResult): GuardResult =>
    auth.ok
      ? { ok: true, token: auth.token, tokenId: auth.tokenId, headers: null }
      : {
          ok: false, status: auth.status, code: auth.code, message: auth.message, tokenId: auth.tokenId ?? null,
          headers: auth.wwwAuthenticate === undefined ? {} : { 'www-authenticate': auth.wwwAuthenticate },
        };
  return (route, req, clientIp) => {
    const result = authenticate({ authorization: req.headers.authorization, environment: route.environment, auth: route.definition.auth, clientIp });
    return result instanceof Promise ? result.then(decide) : decide(result);
  };
}

/** The guard of one pipeline: the runtime's own authentication always, its rate limits only where counted. */
export function runtimeGuard(deps: GuardDeps, rateLimiting: RateLimiting): RuntimeGuard {
  return rateLimiting === 'counted' ? createRequestGuard(deps) : uncountedGuard(deps.authenticate);
}
