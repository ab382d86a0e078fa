import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from '../http/errors.js';

export const SESSION_COOKIE = 'flowgate_session';
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const LOGIN_CODE_TTL_MS = 24 * 60 * 60 * 1000;

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
const sameSecret = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));

/**
 * Who may drive the admin API: a caller with the admin key (Electron's preload, curl), or a
 * browser holding a session opened by a one-time login link or by the key.
 */
export class AdminAccess {
  private readonly sessions = new Map<string, number>();
  private readonly loginCodes = new Map<string, number>();

  constructor(private readonly adminKey: string) {}

  isAdminKey(candidate: string): boolean {
    return sameSecret(candidate, this.adminKey);
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
 * rebinding) or a foreign Origin (a web page the user visits).
 */
export function sameOriginOnly(port: () => number): RequestHandler {
  return (req, _res, next) => {
    const own = port();
    const hosts = [`127.0.0.1:${own}`, `localhost:${own}`, `[::1]:${own}`];
    if (!hosts.includes(req.headers.host ?? '')) {
      return next(new HttpError(403, 'forbidden_host', 'The admin API answers only on its own address (127.0.0.1 or localhost)'));
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !hosts.some((host) => origin === `http://${host}`)) {
      return next(new HttpError(403, 'forbidden_origin', 'The admin API does not accept requests from other origins'));
    }
    next();
  };
}

/** True for the admin key as a Bearer token, or a live session cookie. */
export function isAdmin(access: AdminAccess, authorization: string | undefined, cookie: string | undefined): boolean {
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match !== null && access.isAdminKey(match[1]!);
  }
  const session = readCookie(cookie, SESSION_COOKIE);
  return session !== undefined && access.isSession(session);
}

export function requireAdmin(access: AdminAccess): RequestHandler {
  return (req, _res, next) => {
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (match && access.isAdminKey(match[1]!)) return next();
      return next(new HttpError(401, 'unauthorized', 'The admin key is wrong', undefined, { 'www-authenticate': 'Bearer realm="flowgate-admin"' }));
    }
    const session = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (session && access.isSession(session)) return next();
    next(new HttpError(401, 'unauthorized', 'Sign in: open the login link that `flowgate serve` printed, or send the admin key', undefined, {
      'www-authenticate': 'Bearer realm="flowgate-admin"',
    }));
  };
}

export function sessionCookie(session: string, maxAgeMs = SESSION_TTL_MS): string {
  return `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${Math.floor(maxAgeMs / 1000)}`;
}
