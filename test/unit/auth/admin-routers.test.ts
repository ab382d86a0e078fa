import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyGroupsRouter } from '../../../server/admin/key-groups.js';
import { signingKeysRouter } from '../../../server/admin/signing-keys.js';
import { tokensRouter } from '../../../server/admin/tokens.js';
import { errorHandler } from '../../../server/http/error-handler.js';
import { openWorkspace, type Workspace } from './setup.js';

let ws: Workspace;
let server: Server;
let base: string;
const answers: string[] = [];

beforeAll(async () => {
  ws = await openWorkspace();
  const app = express();
  app.use(express.json());
  app.use('/admin/v1', tokensRouter(ws.auth.tokens), keyGroupsRouter(ws.auth.keyGroups), signingKeysRouter(ws.auth.signingKeys));
  app.use(errorHandler);
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/v1`;
});
afterAll(async () => {
  server.close();
  await ws.auth.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  answers.push(text);
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** A change based on the revision just read, as the editor sends it (If-Match). */
async function change(method: 'PUT' | 'PATCH', path: string, body: unknown): ReturnType<typeof call> {
  return call(method, path, body, { 'if-match': (await call('GET', path)).headers.get('etag') ?? '' });
}

describe('admin API: tokens', () => {
  it('creates (201, token once), reads, patches, revokes, rolls and deletes', async () => {
    const created = await call('POST', '/tokens', {
      name: 'billing-service', environment: 'dev', scopes: ['users:read'], vars: { tenant: 'acme' },
      ipAllowlist: ['10.0.0.0/8', '2001:db8::/32'], expiresAt: '2999-01-01T00:00:00Z', rateLimit: { requests: 1000, perSeconds: 60 },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^tok_/), token: expect.stringMatching(/^ey/), status: 'active', expiresAt: '2999-01-01T00:00:00.000Z' });
    const { id, token } = created.body as { id: string; token: string };

    const read = await call('GET', `/tokens/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('token');
    expect((await call('GET', '/tokens')).body).toHaveLength(1);
    expect((await call('GET', '/tokens?environment=prod')).body).toEqual([]);

    expect((await change('PATCH', `/tokens/${id}`, { name: 'renamed', ipAllowlist: [] })).body).toMatchObject({ name: 'renamed', ipAllowlist: [] });
    expect(await change('PATCH', `/tokens/${id}`, { environment: 'prod' })).toMatchObject({ status: 400, body: { error: { code: 'environment_immutable' } } });
    expect((await change('PATCH', `/tokens/${id}`, { environment: 'dev', name: 'same-env' })).body).toMatchObject({ name: 'same-env' });

    const rolled = await call('POST', `/tokens/${id}/roll`, { graceSeconds: 900 });
    expect(rolled.status).toBe(201);
    expect(rolled.body).toMatchObject({ id: expect.not.stringMatching(id), token: expect.any(String) });
    expect((await call('GET', `/tokens/${id}`)).body).toMatchObject({ status: 'grace', replacedBy: rolled.body.id });

    expect((await call('POST', `/tokens/${rolled.body.id}/revoke`)).body).toMatchObject({ status: 'revoked' });
    expect((await call('DELETE', `/tokens/${id}`)).status).toBe(204);
    expect(await call('GET', `/tokens/${id}`)).toMatchObject({ status: 404, body: { error: { code: 'not_found', requestId: expect.any(String) } } });

    const later = answers.slice(answers.findIndex((answer) => answer.includes(token)) + 1);
    for (const answer of later) expect(answer).not.toContain(token.split('.')[2]);
  });

  it('answers bad input with 400 invalid_input naming the fields', async () => {
    const bad = await call('POST', '/tokens', { name: '', environment: 'Dev!', ipAllowlist: ['10.0.0.0/99'], scopes: ['has space'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_input');
    for (const field of ['name', 'environment', 'ipAllowlist.0', 'scopes.0']) expect(bad.body.error.message).toContain(field);
    expect(await call('POST', '/tokens', { name: 'x', environment: 'staging' })).toMatchObject({ status: 400, body: { error: { code: 'unknown_environment' } } });
    expect(await call('POST', '/tokens', { name: 'x', environment: 'dev', expiresAt: '2001-01-01T00:00:00Z' })).toMatchObject({ status: 400, body: { error: { code: 'invalid_expiry' } } });
    const created = await call('POST', '/tokens', { name: 'x', environment: 'dev' });
    expect(await call('POST', `/tokens/${created.body.id}/roll`, { graceSeconds: 5 })).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('graceSeconds is one of 0, 60, 900, 3600, 86400') } } });
    expect(await call('POST', `/tokens/${created.body.id}/roll`)).toMatchObject({ status: 400 });
  });
});

describe('admin API: key groups', () => {
  it('CRUD with membership', async () => {
    const token = (await call('POST', '/tokens', { name: 'member', environment: 'dev' })).body.id as string;
    const created = await call('POST', '/key-groups', { name: 'partners', description: '', tokenIds: [token] });
    expect(created).toMatchObject({ status: 201, body: { name: 'partners', tokenIds: [token], apiIds: [] } });
    const id = created.body.id as string;
    expect((await call('GET', '/key-groups')).body).toHaveLength(1);
    expect((await change('PUT', `/key-groups/${id}`, { tokenIds: [] })).body).toMatchObject({ name: 'partners', tokenIds: [] });
    expect(await call('POST', '/key-groups', { name: 'partners' })).toMatchObject({ status: 409, body: { error: { code: 'key_group_name_taken' } } });
    expect(await call('POST', '/key-groups', { name: 'x', tokenIds: ['tok_nope'] })).toMatchObject({ status: 400, body: { error: { code: 'unknown_token' } } });
    expect((await call('DELETE', `/key-groups/${id}`)).status).toBe(204);
    expect((await call('GET', `/key-groups/${id}`)).status).toBe(404);
  });
});

describe('admin API: signing keys', () => {
  it('lists, rotates and retires, never showing key material', async () => {
    const [first] = (await call('GET', '/signing-keys')).body as { kid: string }[];
    expect(await call('POST', `/signing-keys/${first!.kid}/retire`)).toMatchObject({ status: 409, body: { error: { code: 'current_signing_key' } } });
    const rotated = await call('POST', '/signing-keys/rotate');
    expect(rotated).toMatchObject({ status: 201, body: { status: 'current' } });
    expect((await call('POST', `/signing-keys/${first!.kid}/retire`)).body).toMatchObject({ kid: first!.kid, status: 'retired' });
    expect((await call('POST', '/signing-keys/nope/retire')).status).toBe(404);
    const listed = (await call('GET', '/signing-keys')).body as Record<string, unknown>[];
    expect(listed.map((key) => Object.keys(key).sort())).toEqual([['createdAt', 'kid', 'retiredAt', 'status'], ['createdAt', 'kid', 'retiredAt', 'status']]);
    for (const answer of answers) expect(answer).not.toMatch(/PRIVATE KEY|"d":/);
  });
});
