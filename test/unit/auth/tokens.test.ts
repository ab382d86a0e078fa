import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import type { IssuedToken, TokenCreateInput } from '../../../shared/model/token.js';
import { TokenCreate } from '../../../shared/model/token.js';
import { check, openWorkspace, workspaceBytes, type Workspace } from './setup.js';

const HOUR_MS = 3_600_000;

let ws: Workspace;
beforeEach(async () => {
  ws = await openWorkspace();
});

const create = (input: Partial<TokenCreateInput> = {}): Promise<IssuedToken> =>
  ws.auth.tokens.create(TokenCreate.parse({ name: 'billing-service', environment: 'dev', ...input }));

describe('creating a token', () => {
  it('signs an EdDSA JWT naming this workspace, the environment and the token id', async () => {
    const expiresAt = new Date(ws.clock.ms + 24 * HOUR_MS).toISOString();
    const issued = await create({ scopes: ['users:read'], vars: { tenant: 'acme' }, ipAllowlist: ['10.0.0.0/8'], expiresAt, rateLimit: { requests: 10, perSeconds: 60 } });

    expect(issued.id).toMatch(/^tok_[A-Za-z0-9_-]{16}$/);
    expect(decodeProtectedHeader(issued.token)).toEqual({ alg: 'EdDSA', kid: ws.auth.signingKeys.current().kid, typ: 'JWT' });
    const claims = decodeJwt(issued.token);
    expect(claims).toEqual({
      iss: ws.auth.issuer,
      aud: 'dev',
      jti: issued.id,
      iat: Math.floor(ws.clock.ms / 1000),
      exp: Math.floor(Date.parse(expiresAt) / 1000),
    });
    expect(ws.auth.issuer).toMatch(/^flowgate:ws_/);
    expect(issued.fingerprint).toBe(createHash('sha256').update(issued.token).digest('hex').slice(0, 8));
    expect(issued).toMatchObject({
      name: 'billing-service', environment: 'dev', scopes: ['users:read'], vars: { tenant: 'acme' }, ipAllowlist: ['10.0.0.0/8'],
      rateLimit: { requests: 10, perSeconds: 60 }, status: 'active', useCount: 0, lastUsedAt: null, groupIds: [], revokedAt: null,
    });
  });

  it('the token string is nowhere in the workspace file, its WAL, or any later answer', async () => {
    const issued = await create();
    expect(await check(ws.auth, issued.token, { ip: '10.9.8.7' })).toMatchObject({ ok: true });
    await ws.auth.usage.flush();
    const signature = issued.token.split('.')[2]!;
    const bytes = workspaceBytes(ws.file).toString('latin1');
    expect(bytes).toContain(issued.id);
    expect(bytes).not.toContain(issued.token);
    expect(bytes).not.toContain(signature);
    const answers = JSON.stringify([await ws.auth.tokens.get(issued.id), await ws.auth.tokens.list(), await ws.auth.tokens.revoke(issued.id)]);
    expect(answers).not.toContain(signature);
  });

  it('refuses an unknown environment, a past expiry and a bad allowlist entry', async () => {
    await expect(create({ environment: 'staging' })).rejects.toMatchObject({ status: 400, code: 'unknown_environment' });
    await expect(create({ expiresAt: new Date(ws.clock.ms - 1000).toISOString() })).rejects.toMatchObject({ status: 400, code: 'invalid_expiry' });
    // Past the shared schema (which would refuse it too), the server checks again.
    await expect(ws.auth.tokens.create({ ...TokenCreate.parse({ name: 'x', environment: 'dev' }), ipAllowlist: ['10.0.0.0/33'] })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_input',
    });
    expect(await ws.auth.tokens.list()).toEqual([]);
  });
});

describe('changing a token', () => {
  it('updates everything but the environment', async () => {
    const issued = await create();
    const updated = await ws.auth.tokens.update(issued.id, { name: 'renamed', scopes: ['a', 'b'], vars: { k: 'v' }, ipAllowlist: ['::1'], rateLimit: { requests: 5, perSeconds: 1 } });
    expect(updated).toMatchObject({ name: 'renamed', scopes: ['a', 'b'], vars: { k: 'v' }, ipAllowlist: ['::1'], rateLimit: { requests: 5, perSeconds: 1 }, environment: 'dev' });
    expect((await ws.auth.tokens.update(issued.id, { rateLimit: null })).rateLimit).toBeNull();
    await expect(ws.auth.tokens.update('tok_nope', { name: 'x' })).rejects.toMatchObject({ status: 404 });
  });

  it('an expiry can be brought forward, not pushed past the signed one', async () => {
    const signed = await create({ expiresAt: new Date(ws.clock.ms + 2 * HOUR_MS).toISOString() });
    const sooner = new Date(ws.clock.ms + HOUR_MS).toISOString();
    expect((await ws.auth.tokens.update(signed.id, { expiresAt: sooner })).expiresAt).toBe(toSeconds(sooner));
    await expect(ws.auth.tokens.update(signed.id, { expiresAt: new Date(ws.clock.ms + 3 * HOUR_MS).toISOString() })).rejects.toMatchObject({ status: 400, code: 'expiry_signed' });
    await expect(ws.auth.tokens.update(signed.id, { expiresAt: null })).rejects.toMatchObject({ code: 'expiry_signed' });

    // Brought forward, it stops at the new time though the JWT says later.
    ws.clock.advance(HOUR_MS + 1000);
    expect((await ws.auth.tokens.get(signed.id)).status).toBe('expired');
    expect(await check(ws.auth, signed.token)).toMatchObject({ ok: false, code: 'invalid_token' });

    const open = await create();
    const later = new Date(ws.clock.ms + HOUR_MS).toISOString();
    expect((await ws.auth.tokens.update(open.id, { expiresAt: later })).expiresAt).toBe(toSeconds(later));
  });

  it('revoke is immediate and idempotent; delete removes the token', async () => {
    const issued = await create();
    const revoked = await ws.auth.tokens.revoke(issued.id);
    expect(revoked.status).toBe('revoked');
    expect((await ws.auth.tokens.revoke(issued.id)).revokedAt).toBe(revoked.revokedAt);
    await ws.auth.tokens.delete(issued.id);
    await expect(ws.auth.tokens.get(issued.id)).rejects.toMatchObject({ status: 404, code: 'not_found' });
    await expect(ws.auth.tokens.delete(issued.id)).rejects.toMatchObject({ status: 404 });
  });

  it('lists, newest first, optionally by environment', async () => {
    const dev = await create();
    ws.clock.advance(1000);
    const prod = await create({ environment: 'prod' });
    expect((await ws.auth.tokens.list()).map((token) => token.id)).toEqual([prod.id, dev.id]);
    expect((await ws.auth.tokens.list({ environment: 'dev' })).map((token) => token.id)).toEqual([dev.id]);
    expect(JSON.stringify(await ws.auth.tokens.list())).not.toContain('"token"');
  });
});

describe('rolling a token', () => {
  it('issues a replacement with the same settings and groups; the old one has a grace period', async () => {
    const old = await create({ scopes: ['s'], vars: { v: '1' }, ipAllowlist: ['10.0.0.0/8'], rateLimit: { requests: 3, perSeconds: 60 } });
    const group = await ws.auth.keyGroups.create({ name: 'partners', description: '', tokenIds: [old.id] });
    const replacement = await ws.auth.tokens.roll(old.id, 3600);

    expect(replacement.token).not.toBe(old.token);
    expect(replacement).toMatchObject({ name: old.name, environment: 'dev', scopes: ['s'], vars: { v: '1' }, ipAllowlist: ['10.0.0.0/8'], rateLimit: old.rateLimit, groupIds: [group.id], status: 'active' });
    expect(decodeJwt(replacement.token).jti).toBe(replacement.id);
    const before = await ws.auth.tokens.get(old.id);
    expect(before).toMatchObject({ status: 'grace', replacedBy: replacement.id, graceUntil: new Date(ws.clock.ms + 3600_000).toISOString() });
    expect((await ws.auth.keyGroups.get(group.id)).tokenIds.sort()).toEqual([old.id, replacement.id].sort());

    ws.clock.advance(3600_000);
    expect((await ws.auth.tokens.get(old.id)).status).toBe('revoked');
  });

  it('with no grace the old token stops at once', async () => {
    const old = await create();
    expect(await check(ws.auth, old.token)).toMatchObject({ ok: true });
    const replacement = await ws.auth.tokens.roll(old.id, 0);
    expect(await ws.auth.tokens.get(old.id)).toMatchObject({ status: 'revoked', replacedBy: replacement.id });
    expect(await check(ws.auth, old.token)).toMatchObject({ ok: false, status: 401 });
    expect(await check(ws.auth, replacement.token)).toMatchObject({ ok: true });
  });

  it('refuses to roll a token twice, a revoked one, or an expired one', async () => {
    const once = await create();
    await ws.auth.tokens.roll(once.id, 60);
    await expect(ws.auth.tokens.roll(once.id, 60)).rejects.toMatchObject({ status: 409, code: 'token_already_rolled' });
    const revoked = await create();
    await ws.auth.tokens.revoke(revoked.id);
    await expect(ws.auth.tokens.roll(revoked.id, 0)).rejects.toMatchObject({ status: 409, code: 'token_revoked' });
    const expiring = await create({ expiresAt: new Date(ws.clock.ms + 1000 * 10).toISOString() });
    ws.clock.advance(11_000);
    await expect(ws.auth.tokens.roll(expiring.id, 0)).rejects.toMatchObject({ status: 409, code: 'token_expired' });
    await expect(ws.auth.tokens.roll('tok_nope', 0)).rejects.toMatchObject({ status: 404 });
  });
});

const toSeconds = (iso: string): string => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();
