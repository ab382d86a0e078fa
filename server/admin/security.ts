import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from '../http/errors.js';
import { SESSION_COOKIE } from '../http/session-cookie.js';
import { hostIsCertificateName, isEncrypted, ownCertificateNames } from '../net/tls.js';

export { SESSION_COOKIE };

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const LOGIN_CODE_TTL_MS = 24 * 60 * 60 * 1000;

/** Wrong admin keys one address may send before its key checks answer 429 for the rest of the window. */
export const ADMIN_KEY_FAILURES = { attempts: 10, perSeconds: 1 } as const;
/** Where the caller's address is unknown (a check without a request): one shared count. */
const UNKNOWN_ADDRESS = 'unknown';
const MS_PER_SECOND = 1000;
/** An Origin or Host without a port over TLS means this one. */
const HTTPS_PORT = 443;
// Blocked addresses are swept only when the map grows past this, so the check stays a lookup.
const BLOCKED_SWEEP_SIZE = 10_000;

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
const sameSecret = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

/**
 * Who may drive the admin API: a caller with the admin key (Electron's preload, curl), or a
 * browser holding a session opened by a one-time login link or by the key.
 */
export class AdminAccess {
  private readonly sessions = new Map<string, number>();
  private readonly loginCodes = new Map<string, number>();
  private readonly failures = new RateLimiterMemory({
    keyPrefix: 'admin-key', points: ADMIN_KEY_FAILURES.attempts, duration: ADMIN_KEY_FAILURES.perSeconds,
  });
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    private readonly adminKey: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Compares in constant time. An address that sent too many wrong keys gets HttpError 429 with
   * Retry-After instead of an answer, even for the right key, so guessing cannot go faster than
   * ADMIN_KEY_FAILURES allows.
   */
  isAdminKey(candidate: string, address: string = UNKNOWN_ADDRESS): boolean {
    const retryAfter = this.retryAfter(address);
    if (retryAfter > 0) throw tooManyWrongKeys(retryAfter);
    if (sameSecret(candidate, this.adminKey)) return true;
    this.recordFailure(address);
    return false;
  }

  /** Seconds the address must still wait before its next key is checked; 0 when it may try. */
  retryAfter(address: string): number {
    const until = this.blockedUntil.get(address);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left > 0) return Math.ceil(left / MS_PER_SECOND);
    this.blockedUntil.delete(address);
    return 0;
  }

  /**
   * Counted synchronously inside consume(); the block is in place before the next request is read.
   * The failure that uses up the window blocks at once, so the next key is not checked at all.
   */
  private recordFailure(address: string): void {
    const block = (res: RateLimiterRes): void => {
      if (this.blockedUntil.size >= BLOCKED_SWEEP_SIZE) this.sweepBlocked();
      this.blockedUntil.set(address, this.now() + Math.max(res.msBeforeNext, MS_PER_SECOND));
    };
    this.failures.consume(address).then(
      (res) => {
        if (res.remainingPoints === 0) block(res);
      },
      (rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) block(rejection);
      },
    );
  }

  private sweepBlocked(): void {
    const at = this.now();
    for (const [address, until] of this.blockedUntil) if (until <= at) this.blockedUntil.delete(address);
  }

  /** A code for a one-time login URL; it opens one session and is gone. */
  newLoginCode(): string {
    const code = randomBytes(24).toString('base64url');
    this.loginCodes.set(code, Date.now() + LOGIN_CODE_TTL_MS);
    return code;
  }

  redeemLoginCode(code: string): boolean {
    const expires = this.loginCodes.get(code);
    this.loginCodes.delete(code);
    return expires !== undefined && expires > Date.now();
  }

  openSession(): string {
    const session = randomBytes(32).toString('base64url');
    this.sessions.set(createHash('sha256').update(session).digest('base64url'), Date.now() + SESSION_TTL_MS);
    return session;
  }

  closeSession(session: string): void {
    this.sessions.delete(createHash('sha256').update(session).digest('base64url'));
  }

  isSession(session: string): boolean {
    const key = createHash('sha256').update(session).digest('base64url');
    const expires = this.sessions.get(key);
    if (expires === undefined) return false;
    if (expires > Date.now()) return true;
    this.sessions.delete(key);
    return false;
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return decodeURIComponent(part.slice(separator + 1).trim());
  }
  return undefined;
}

/**
 * Refuses requests that did not come from the editor or a local tool: a foreign Host (DNS
 * rebinding) or a foreign Origin (a web page the user visits). Over TLS the names in the
 * listener's own certificate are its own too: a browser reaches it under no other name.
 */
export function sameOriginOnly(port: () => number): RequestHandler {
  return (req, _res, next) => {
    const own = port();
    const loopback = [`127.0.0.1:${own}`, `localhost:${own}`, `[::1]:${own}`];
    const names = isEncrypted(req.socket) ? ownCertificateNames(req.socket) : undefined;
    const tls = names !== undefined;
    const isOwnHost = (host: string): boolean => loopback.includes(host) || (names !== undefined && hostIsCertificateName(host, names, own, HTTPS_PORT));
    const host = req.headers.host ?? '';
    if (!isOwnHost(host)) {
      return next(new HttpError(403, 'forbidden_host', `The admin API answers only on its own address (127.0.0.1 or localhost${tls ? ', or a name in its TLS certificate' : ''})`));
    }
    const origin = req.headers.origin;
    const scheme = tls ? 'https://' : 'http://';
    if (origin !== undefined && !(origin.startsWith(scheme) && isOwnHost(origin.slice(scheme.length)))) {
      return next(new HttpError(403, 'forbidden_origin', 'The admin API does not accept requests from other origins'));
    }
    next();
  };
}

/** Each admin request's caller as resolveCaller found it; a request it did not see is counted by its socket. */
const callers = new WeakMap<IncomingMessage, string>();

/**
 * Tells who is calling each admin request as the runtime does (client-ip.ts: X-Forwarded-For only
 * from a trusted proxy), so behind a balancer wrong keys are counted per client, not per balancer.
 */
export function resolveCaller(clientIp: (req: IncomingMessage) => string): RequestHandler {
  return (req, _res, next) => {
    callers.set(req, clientIp(req));
    next();
  };
}

/** The address a key check is counted against: the client resolveCaller found, else the socket's. */
export function callerAddress(req: IncomingMessage): string {
  return callers.get(req) || req.socket.remoteAddress || UNKNOWN_ADDRESS;
}

function tooManyWrongKeys(retryAfter: number): HttpError {
  return new HttpError(429, 'too_many_failed_attempts', `Too many wrong admin keys from this address: try again in ${retryAfter} s`, undefined, {
    'retry-after': String(retryAfter),
  });
}

/** True for the admin key as a Bearer token, or a live session cookie. Throws HttpError 429 for an address sending too many wrong keys. */
export function isAdmin(access: AdminAccess, authorization: string | undefined, cookie: string | undefined, address?: string): boolean {
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match === null) return false;
    return access.isAdminKey(match[1]!, address);
  }
  const session = readCookie(cookie, SESSION_COOKIE);
  return session !== undefined && access.isSession(session);
}

export function requireAdmin(access: AdminAccess): RequestHandler {
  return (req, _res, next) => {
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (match && access.isAdminKey(match[1]!, callerAddress(req))) return next();
      return next(new HttpError(401, 'unauthorized', 'The admin key is wrong', undefined, { 'www-authenticate': 'Bearer realm="flowgate-admin"' }));
    }
    const session = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (session && access.isSession(session)) return next();
    next(new HttpError(401, 'unauthorized', 'Sign in: open the login link that `flowgate serve` printed, or send the admin key', undefined, {
      'www-authenticate': 'Bearer realm="flowgate-admin"',
    }));
  };
}

/**
 * The session cookie as strict as `__Host-` cookies must be: host-only (no Domain), Path=/,
 * HttpOnly, SameSite=Strict. Not the `__Host-` name itself, which needs Secure: Safari refuses a
 * Secure cookie from http://127.0.0.1 and could not sign in. Flows never see it (see withoutSessionCookie).
 */
export function sessionCookie(session: string, maxAgeMs = SESSION_TTL_MS): string {
  return `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${Math.floor(maxAgeMs / 1000)}`;
}
