import Database from 'better-sqlite3';
import { importPKCS8, SignJWT, type JWTPayload } from 'jose';
import { expect } from 'vitest';
import { keyEncryption } from '../../server/auth/key-encryption.js';
import { SqliteAuthSettings } from '../../server/auth/settings.js';
import type { AdminCall } from './admin.js';
import { rawRequest, type RawResponse } from './http.js';
import { edit } from './revisions.js';

/** A server the helpers reach through its admin API: in-process (test-server.ts) or spawned (serve.ts). */
type WithAdmin = { admin: AdminCall };

/**
 * Helpers for the token integration tests: requests from chosen loopback addresses, tokens and
 * APIs made through the admin API, and exact refusal checks.
 */

export type Answer = RawResponse;

export type CallOptions = {
  /** The raw token; sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Sent as is, instead of a Bearer token. */
  authorization?: string;
  /**
   * The loopback address to call from (any of 127.0.0.0/8 on Linux). Each test calls from its
   * own, so one test's failed authentications never lock another out.
   */
  from?: string;
  method?: string;
  headers?: Record<string, string>;
};

/** One request to the runtime from a chosen local address. */
export function call(url: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  return rawRequest(url, { method: options.method ?? 'GET', headers, localAddress: options.from ?? '127.0.0.1' });
}

let nextHost = 10;
/** A loopback address no other test in this file has called from: 127.0.<block>.<n>. */
export function freshIp(block = 0): string {
  nextHost++;
  return `127.${block}.${Math.floor(nextHost / 250)}.${(nextHost % 250) + 2}`;
}

/** Creates an API through the admin API and publishes it; answers its id. */
export async function publish(server: WithAdmin, definition: unknown, environment = 'dev'): Promise<string> {
  const created = await server.admin('POST', '/apis', definition);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const published = await server.admin('POST', `/apis/${created.body.id}/publish`, { environment });
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  return created.body.id as string;
}

/** Changes a published API's draft and publishes it again. */
export async function republish(server: WithAdmin, id: string, definition: unknown, environment = 'dev'): Promise<void> {
  const updated = await edit(server, 'PUT', `/apis/${id}`, definition);
  expect(updated.status, JSON.stringify(updated.body)).toBe(200);
  const published = await server.admin('POST', `/apis/${id}/publish`, { environment });
  expect(published.status, JSON.stringify(published.body)).toBe(200);
}

export type Issued = { id: string; token: string; body: any };

/** POST /tokens; answers the id and the token string (the only time it is shown). */
export async function createToken(server: WithAdmin, body: Record<string, unknown> = {}): Promise<Issued> {
  const created = await server.admin('POST', '/tokens', { name: 'test token', environment: 'dev', ...body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.token).toEqual(expect.any(String));
  return { id: created.body.id as string, token: created.body.token as string, body: created.body };
}

/** request → respond, requiring a token with the given settings. */
export function guarded(path: string, options: { keyGroupIds?: string[]; scopes?: string[]; rateLimit?: unknown; body?: string; name?: string } = {}) {
  return {
    name: options.name ?? `Guarded ${path}`,
    method: 'GET',
    path,
    auth: { required: true, keyGroupIds: options.keyGroupIds ?? [], scopes: options.scopes ?? [] },
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    flow: {
      nodes: [
        { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
        { id: 'o', type: 'respond', key: 'answer', position: { x: 200, y: 0 }, config: { status: 200, body: options.body ?? '{"ok": true, "token": token.id}' } },
      ],
      edges: [{ id: 'e1', source: 'r', sourceHandle: 'out', target: 'o' }],
    },
  };
}

export const CHALLENGE = {
  unauthorized: 'Bearer realm="flowgate"',
  invalidToken: 'Bearer realm="flowgate", error="invalid_token"',
  insufficientScope: (scopes: string[]): string => `Bearer realm="flowgate", error="insufficient_scope", scope="${scopes.join(' ')}"`,
} as const;

/** The exact refusal: status, error code in the one error shape, and the challenge (or none). */
export function expectRefused(answer: Answer, status: number, code: string, wwwAuthenticate: string | null = null): void {
  expect({ status: answer.status, code: answer.json?.error?.code }, answer.text).toEqual({ status, code });
  expect(answer.json).toEqual({ error: { code, message: expect.any(String), requestId: expect.stringMatching(/^req_/) } });
  expect(answer.headers['x-request-id']).toBe(answer.json.error.requestId);
  expect(answer.headers['www-authenticate'] ?? null).toBe(wwwAuthenticate);
}

export function expectOk(answer: Answer): void {
  expect(answer.status, answer.text).toBe(200);
}

export const b64url = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A JWT's three parts, decoded where they are JSON. */
export function decodeJwt(token: string): { header: any; payload: any; signature: string } {
  const [header, payload, signature] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(payload!, 'base64url').toString()),
    signature: signature!,
  };
}

/**
 * The workspace's current signing key, read straight from its database file (another reader
 * beside the running server, which WAL allows) and unsealed with the workspace's KEK: it stands
 * in for the server signing a token with claims the admin API never issues (such as `nbf`).
 */
export async function workspaceSigner(
  dbFile: string,
  kek: string,
): Promise<{ issuer: string; sign: (payload: JWTPayload, header?: Record<string, unknown>) => Promise<string> }> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const key = db.prepare(`SELECT kid, private_key, encrypted FROM signing_keys WHERE status = 'current'`).get() as
      | { kid: string; private_key: string; encrypted: number }
      | undefined;
    if (!key || key.encrypted !== 1) throw new Error('the workspace has no sealed current signing key');
    const pem = (await keyEncryption(new SqliteAuthSettings(db), kek)).decrypt(key.private_key, key.kid);
    const { value } = db.prepare(`SELECT value FROM settings WHERE key = 'workspace_id'`).get() as { value: string };
    const privateKey = await importPKCS8(pem, 'EdDSA');
    return {
      issuer: `flowgate:${value}`,
      sign: (payload, header = {}) => new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT', ...header }).sign(privateKey),
    };
  } finally {
    db.close();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
