import { describe, expect, it } from 'vitest';
import { TokenCreate, type TokenCreateInput } from '../../../shared/model/token.js';
import { openAuth, SigningKeyError, type Auth, type AuthOptions } from '../../../server/auth/index.js';
import type { AuthResult } from '../../../server/auth/auth-result.js';
import { keyGroupStoreFor } from '../../../server/auth/key-group-store.js';
import { KeyGroupService } from '../../../server/auth/key-groups.js';
import { LocalChangeFeed } from '../../../server/storage/changes.js';
import type { Storage } from '../../../server/storage/storage.js';
import { environmentStoreFor } from '../../../server/workspace/environments.js';
import { cleanupsAfterEach, ENGINES, freshWorkspace } from '../../support/engines.js';

const KEK = 'correct horse battery staple';
const HOUR_MS = 3_600_000;
const REQUIRED = { required: true, keyGroupIds: [], scopes: [] };

/** A clock tests move by hand, shared by the replicas of one test. */
type Clock = { ms: number; now: () => number };
const testClock = (): Clock => {
  const clock: Clock = { ms: Date.now(), now: () => clock.ms };
  return clock;
};

/** A statement written with `?` run on either engine (for rows another area owns, such as an API naming a group). */
async function exec(storage: Storage, sql: string, params: unknown[] = []): Promise<void> {
  if (storage.engine === 'sqlite') storage.db.prepare(sql).run(...params);
  else await storage.pg.run(sql.replace(/\?/g, (() => { let n = 0; return () => `$${++n}`; })()), params);
}

async function rows<R>(storage: Storage, sql: string, params: unknown[] = []): Promise<R[]> {
  if (storage.engine === 'sqlite') return storage.db.prepare(sql).all(...params) as R[];
  return storage.pg.all<R>(sql.replace(/\?/g, (() => { let n = 0; return () => `$${++n}`; })()), params);
}

const check = (auth: Auth, token: string, ip = '127.0.0.1'): Promise<AuthResult> =>
  Promise.resolve(auth.authenticate({ authorization: `Bearer ${token}`, environment: 'dev', auth: REQUIRED, clientIp: ip }));

describe.each(ENGINES)('auth stores on %s', (engine) => {
  const cleanups = cleanupsAfterEach();

  /** A fresh workspace; `replica()` opens another connection to it (a second `flowgate serve`) with auth of its own. */
  async function workspace(): Promise<{ storage: Storage; replica: () => Promise<Storage> }> {
    const { storage, replica } = await freshWorkspace(engine, cleanups);
    await environmentStoreFor(storage, null).seedDefaults();
    return { storage, replica };
  }

  /** Auth on a storage with its own change feed (one replica's), closed after the test. */
  async function authOn(storage: Storage, options: AuthOptions = {}): Promise<Auth & { changes: LocalChangeFeed }> {
    const changes = new LocalChangeFeed();
    const auth = await openAuth(storage, { usageFlushMs: 60_000, ...options, changes });
    cleanups.push(() => auth.close());
    return Object.assign(auth, { changes });
  }

  const input = (fields: Partial<TokenCreateInput> = {}) => TokenCreate.parse({ name: 'billing', environment: 'dev', ...fields });

  describe('tokens', () => {
    it('creates, lists newest first (by environment too), updates at the stored revision, revokes and deletes', async () => {
      const { storage } = await workspace();
      const clock = testClock();
      const auth = await authOn(storage, { now: clock.now });
      const dev = await auth.tokens.create(input({ scopes: ['users:read'], vars: { tenant: 'acme' }, ipAllowlist: ['10.0.0.0/8'] }));
      clock.ms += 1000;
      const prod = await auth.tokens.create(input({ name: 'reports', environment: 'prod', rateLimit: { requests: 5, perSeconds: 60 } }));
      await expect(auth.tokens.create(input({ environment: 'staging' }))).rejects.toMatchObject({ status: 400, code: 'unknown_environment' });

      expect((await auth.tokens.list()).map((token) => token.id)).toEqual([prod.id, dev.id]);
      expect((await auth.tokens.list({ environment: 'dev' })).map((token) => token.id)).toEqual([dev.id]);
      expect(await auth.tokens.get(dev.id)).toMatchObject({ scopes: ['users:read'], vars: { tenant: 'acme' }, ipAllowlist: ['10.0.0.0/8'], status: 'active', revision: 1 });
      expect(await auth.tokens.get(prod.id)).toMatchObject({ rateLimit: { requests: 5, perSeconds: 60 }, useCount: 0, lastUsedAt: null });

      expect(await auth.tokens.update(dev.id, { name: 'renamed', scopes: [] }, 1)).toMatchObject({ name: 'renamed', scopes: [], revision: 2 });
      await expect(auth.tokens.update(dev.id, { name: 'stale' }, 1)).rejects.toMatchObject({ status: 412 });
      await expect(auth.tokens.update('tok_nope', { name: 'x' })).rejects.toMatchObject({ status: 404 });

      const revoked = await auth.tokens.revoke(dev.id);
      expect(revoked).toMatchObject({ status: 'revoked', revision: 3 });
      expect((await auth.tokens.revoke(dev.id)).revokedAt).toBe(revoked.revokedAt);
      expect(await check(auth, dev.token, '10.1.1.1')).toMatchObject({ ok: false, status: 401 });

      await auth.tokens.delete(prod.id);
      await expect(auth.tokens.get(prod.id)).rejects.toMatchObject({ status: 404, code: 'not_found' });
      await expect(auth.tokens.delete(prod.id)).rejects.toMatchObject({ status: 404 });
    });

    it('rolls: the replacement joins the key groups, the old one keeps working until its stored grace ends; a second roll is refused', async () => {
      const { storage } = await workspace();
      const clock = testClock();
      const auth = await authOn(storage, { now: clock.now });
      const old = await auth.tokens.create(input({ scopes: ['s'] }));
      const group = await auth.keyGroups.create({ name: 'partners', description: '', tokenIds: [old.id] });

      const replacement = await auth.tokens.roll(old.id, 3600);
      expect(replacement).toMatchObject({ scopes: ['s'], groupIds: [group.id], status: 'active' });
      expect(await auth.tokens.get(old.id)).toMatchObject({ status: 'grace', replacedBy: replacement.id, graceUntil: new Date(clock.ms + HOUR_MS).toISOString() });
      expect((await auth.keyGroups.get(group.id)).tokenIds.sort()).toEqual([old.id, replacement.id].sort());
      expect((await auth.keyGroups.get(group.id)).revision).toBe(2);
      await expect(auth.tokens.roll(old.id, 60)).rejects.toMatchObject({ status: 409, code: 'token_already_rolled' });

      expect(await check(auth, old.token)).toMatchObject({ ok: true });
      clock.ms += HOUR_MS;
      expect(await check(auth, old.token)).toMatchObject({ ok: false, status: 401 });
      expect(await check(auth, replacement.token)).toMatchObject({ ok: true });

      const now = await auth.tokens.roll(replacement.id, 0);
      expect(await auth.tokens.get(replacement.id)).toMatchObject({ status: 'revoked', replacedBy: now.id });
      await expect(auth.tokens.roll(replacement.id, 0)).rejects.toMatchObject({ status: 409, code: 'token_revoked' });
      await expect(auth.tokens.roll('tok_nope', 0)).rejects.toMatchObject({ status: 404 });
    });
  });

  describe('key groups', () => {
    it('keeps membership, refuses a taken name in any case and unknown tokens, and lists by name', async () => {
      const { storage } = await workspace();
      const auth = await authOn(storage);
      const [a, b] = [await auth.tokens.create(input()), await auth.tokens.create(input())];
      const partners = await auth.keyGroups.create({ name: 'partners', description: 'external', tokenIds: [a.id, a.id] });
      expect(partners).toMatchObject({ name: 'partners', description: 'external', tokenIds: [a.id], apiIds: [], revision: 1 });
      await auth.keyGroups.create({ name: 'Beta', description: '', tokenIds: [a.id, b.id] });
      await expect(auth.keyGroups.create({ name: 'PARTNERS', description: '', tokenIds: [] })).rejects.toMatchObject({ status: 409, code: 'key_group_name_taken' });
      await expect(auth.keyGroups.create({ name: 'x', description: '', tokenIds: ['tok_nope'] })).rejects.toMatchObject({ status: 400, code: 'unknown_token', details: { tokenIds: ['tok_nope'] } });
      expect((await auth.keyGroups.list()).map((group) => group.name)).toEqual(['Beta', 'partners']);
      expect((await auth.tokens.get(a.id)).groupIds).toHaveLength(2);

      const moved = await auth.keyGroups.update(partners.id, { tokenIds: [b.id] }, 1);
      expect(moved).toMatchObject({ tokenIds: [b.id], revision: 2 });
      await expect(auth.keyGroups.update(partners.id, { description: 'stale' }, 1)).rejects.toMatchObject({ status: 412 });
      expect(await check(auth, b.token)).toMatchObject({ ok: true, token: { groups: ['Beta', 'partners'] } });
      // A rename changes no token's row: its members' `token.groups` follow all the same.
      await auth.keyGroups.update(partners.id, { name: 'Vendors' });
      expect(await check(auth, b.token)).toMatchObject({ ok: true, token: { groups: ['Beta', 'Vendors'] } });

      await auth.tokens.delete(b.id);
      expect((await auth.keyGroups.get(partners.id)).tokenIds).toEqual([]);
      await auth.keyGroups.delete(partners.id);
      await expect(auth.keyGroups.get(partners.id)).rejects.toMatchObject({ status: 404 });
    });

    it('refuses a member token deleted between its check and the write as unknown, as if it had been missing', async () => {
      const { storage } = await workspace();
      const auth = await authOn(storage);
      const gone = await auth.tokens.create(input());
      // Another request (or replica) deletes the token right after the service found it.
      const store = keyGroupStoreFor(storage);
      const racing = Object.create(store) as typeof store;
      let deleted = false;
      racing.missingTokens = async (ids) => {
        const missing = await store.missingTokens(ids);
        if (!deleted) await auth.tokens.delete(gone.id);
        deleted = true;
        return missing;
      };
      const groups = new KeyGroupService(racing, new LocalChangeFeed());
      await expect(groups.create({ name: 'late', description: '', tokenIds: [gone.id] })).rejects.toMatchObject({ status: 400, code: 'unknown_token', details: { tokenIds: [gone.id] } });
      expect((await auth.keyGroups.list()).map((group) => group.name)).toEqual([]);
    });

    it('refuses to delete a group a draft or a deployed version names, naming the API', async () => {
      const { storage } = await workspace();
      const auth = await authOn(storage);
      const group = await auth.keyGroups.create({ name: 'partners', description: '', tokenIds: [] });
      const definition = (groups: string[]): string =>
        JSON.stringify({ name: 'Orders', method: 'GET', path: '/orders', auth: { required: true, keyGroupIds: groups, scopes: [] }, flow: { nodes: [], edges: [] } });
      const now = new Date().toISOString();
      await exec(storage, 'INSERT INTO apis (id, name, method, path, definition, draft_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ['api_orders', 'List orders', 'GET', '/orders', definition([]), 'h', now, now]);
      await exec(storage, 'INSERT INTO api_versions (api_id, version, definition, hash, created_at) VALUES (?, 1, ?, ?, ?)', ['api_orders', definition([group.id]), 'h', now]);
      await exec(storage, `INSERT INTO deployments (environment, api_id, version, published_at) VALUES ('prod', ?, 1, ?)`, ['api_orders', now]);

      expect((await auth.keyGroups.get(group.id)).apiIds).toEqual(['api_orders']);
      await expect(auth.keyGroups.delete(group.id)).rejects.toMatchObject({ status: 409, code: 'key_group_in_use', details: { apis: [{ id: 'api_orders', name: 'List orders' }] } });
      await exec(storage, 'DELETE FROM deployments');
      await auth.keyGroups.delete(group.id);
      expect(await auth.keyGroups.list()).toEqual([]);
    });
  });

  describe('signing keys', () => {
    it('rotates and retires under a KEK; reopening without it or with a wrong one fails with SigningKeyError', async () => {
      const { storage, replica } = await workspace();
      const auth = await authOn(storage, { kek: KEK });
      const before = await auth.tokens.create(input());
      const oldKid = auth.signingKeys.current().kid;
      const rotated = await auth.signingKeys.rotate();
      const after = await auth.tokens.create(input());
      expect(rotated).toMatchObject({ status: 'current', retiredAt: null });
      expect((await auth.signingKeys.list()).map((key) => [key.kid, key.status])).toEqual([[rotated.kid, 'current'], [oldKid, 'verifying']]);
      expect(auth.signingKeys.jwks().keys.map((key) => key.kid).sort()).toEqual([oldKid, rotated.kid].sort());
      const stored = await rows<{ status: string; private_key: string | null; encrypted: number }>(storage, 'SELECT status, private_key, encrypted FROM signing_keys');
      expect(stored.filter((key) => key.private_key !== null)).toEqual([{ status: 'current', private_key: expect.not.stringContaining('PRIVATE KEY'), encrypted: 1 }]);

      await expect(auth.signingKeys.retire(rotated.kid)).rejects.toMatchObject({ status: 409, code: 'current_signing_key' });
      await expect(auth.signingKeys.retire('nope')).rejects.toMatchObject({ status: 404 });
      expect(await auth.signingKeys.retire(oldKid)).toMatchObject({ kid: oldKid, status: 'retired', retiredAt: expect.any(String) });
      expect(await check(auth, before.token)).toMatchObject({ ok: false, status: 401 });
      expect(await check(auth, after.token)).toMatchObject({ ok: true });

      await expect(openAuth(await replica())).rejects.toMatchObject({ name: 'SigningKeyError', code: 'kek_required' });
      const wrong = openAuth(await replica(), { kek: 'wrong' });
      await expect(wrong).rejects.toBeInstanceOf(SigningKeyError);
      await expect(wrong).rejects.toMatchObject({ code: 'kek_mismatch', message: expect.stringContaining('FLOWGATE_KEK') });
      const right = await authOn(await replica(), { kek: KEK });
      expect(right.issuer).toBe(auth.issuer);
      expect(await check(right, after.token)).toMatchObject({ ok: true });
    });
  });

  describe('usage', () => {
    it('adds up across two replicas flushing, keeps the latest last use and each address once, first seen earliest', async () => {
      const { storage, replica } = await workspace();
      const clock = testClock();
      const a = await authOn(storage, { now: clock.now });
      const b = await authOn(await replica(), { now: clock.now });
      const issued = await a.tokens.create(input());
      await b.changes.announce({ kind: 'access' });
      const start = clock.ms;

      for (let i = 0; i < 3; i++) expect(await check(a, issued.token, '10.0.0.1')).toMatchObject({ ok: true });
      clock.ms += 1000;
      for (let i = 0; i < 4; i++) expect(await check(b, issued.token, '10.0.0.2')).toMatchObject({ ok: true });
      clock.ms += 1000;
      expect(await check(b, issued.token, '10.0.0.1')).toMatchObject({ ok: true });

      // B flushes its later uses first; A's earlier ones must neither undo B's last use nor its count.
      await Promise.all([b.usage.flush(), a.usage.flush()]);
      expect(await a.tokens.get(issued.id)).toMatchObject({ useCount: 8, lastUsedAt: new Date(start + 2000).toISOString(), lastUsedIp: '10.0.0.1' });
      const seen = await rows<{ ip: string; first_seen: string }>(storage, 'SELECT ip, first_seen FROM token_ips WHERE token_id = ? ORDER BY ip', [issued.id]);
      expect(seen).toEqual([{ ip: '10.0.0.1', first_seen: new Date(start).toISOString() }, { ip: '10.0.0.2', first_seen: new Date(start + 1000).toISOString() }]);

      await a.tokens.delete(issued.id);
      await check(b, issued.token); // B has not reloaded: it still counts a use of the deleted token
      await b.usage.flush();
      expect(await rows(storage, 'SELECT token_id FROM token_ips')).toEqual([]);
    });
  });

  describe('replicas writing at once', () => {
    it('starting together on a new workspace make one signing key and one issuer', async () => {
      const { storage, replica } = await workspace();
      const others = [await replica(), await replica()];
      const auths = await Promise.all([storage, ...others].map((each) => authOn(each, { kek: KEK })));
      expect(new Set(auths.map((auth) => auth.issuer)).size).toBe(1);
      expect(new Set(auths.map((auth) => auth.signingKeys.current().kid)).size).toBe(1);
      expect(await rows(storage, 'SELECT kid FROM signing_keys')).toHaveLength(1);
      // All three unsealed the one current key: they derived their KEK key from one salt.
      const issued = await auths[0]!.tokens.create(input());
      await auths[2]!.changes.announce({ kind: 'access' });
      expect(await check(auths[2]!, issued.token)).toMatchObject({ ok: true });
    });

    it('rolling one token at once make one replacement; creating one group name at once makes one group', async () => {
      const { storage, replica } = await workspace();
      const [a, b] = [await authOn(storage), await authOn(await replica())];
      const old = await a.tokens.create(input());
      await b.changes.announce({ kind: 'access' });
      const rolls = await Promise.allSettled([a.tokens.roll(old.id, 60), b.tokens.roll(old.id, 60)]);
      expect(rolls.filter((roll) => roll.status === 'fulfilled')).toHaveLength(1);
      expect(rolls.find((roll) => roll.status === 'rejected')).toMatchObject({ reason: { status: 409, code: 'token_already_rolled' } });
      expect(await a.tokens.list()).toHaveLength(2);

      const groups = await Promise.allSettled([a.keyGroups.create({ name: 'partners', description: '', tokenIds: [] }), b.keyGroups.create({ name: 'Partners', description: '', tokenIds: [] })]);
      expect(groups.filter((group) => group.status === 'fulfilled')).toHaveLength(1);
      expect(groups.find((group) => group.status === 'rejected')).toMatchObject({ reason: { status: 409, code: 'key_group_name_taken' } });

      const rotations = await Promise.all([a.signingKeys.rotate(), b.signingKeys.rotate()]);
      const current = await rows<{ kid: string }>(storage, `SELECT kid FROM signing_keys WHERE status = 'current'`);
      expect(current).toHaveLength(1);
      expect(rotations.map((key) => key.kid)).toContain(current[0]!.kid);
    });
  });

  describe('a second replica', () => {
    it('applies revocation, roll grace, membership and a rotated key once it reloads on the change', async () => {
      const { storage, replica } = await workspace();
      const clock = testClock();
      const a = await authOn(storage, { now: clock.now });
      const b = await authOn(await replica(), { now: clock.now });
      expect(b.issuer).toBe(a.issuer);

      const issued = await a.tokens.create(input());
      expect(await check(b, issued.token)).toMatchObject({ ok: false, status: 401 }); // unknown to B until it reloads
      await b.changes.announce({ kind: 'access' });
      expect(await check(b, issued.token)).toMatchObject({ ok: true });

      await a.tokens.revoke(issued.id);
      await b.changes.announce({ kind: 'access' });
      expect(await check(b, issued.token)).toMatchObject({ ok: false, status: 401, code: 'invalid_token' });

      const old = await a.tokens.create(input());
      const group = await a.keyGroups.create({ name: 'partners', description: '', tokenIds: [old.id] });
      const replacement = await a.tokens.roll(old.id, 60);
      await b.changes.announce({ kind: 'access' });
      const inGroup = { authorization: '', environment: 'dev', auth: { required: true, keyGroupIds: [group.id], scopes: [] }, clientIp: '127.0.0.1' };
      expect(await b.authenticate({ ...inGroup, authorization: `Bearer ${old.token}` })).toMatchObject({ ok: true, token: { groups: ['partners'] } });
      expect(await b.authenticate({ ...inGroup, authorization: `Bearer ${replacement.token}` })).toMatchObject({ ok: true });
      // The grace is the row's grace_until: B ends it at the same instant without hearing anything more.
      clock.ms += 60_000;
      expect(await check(b, old.token)).toMatchObject({ ok: false, status: 401 });

      await a.keyGroups.update(group.id, { tokenIds: [] });
      await b.changes.announce({ kind: 'access' });
      expect(await b.authenticate({ ...inGroup, authorization: `Bearer ${replacement.token}` })).toMatchObject({ ok: false, status: 403 });

      await a.signingKeys.rotate();
      const signedByNewKey = await a.tokens.create(input());
      await b.changes.announce({ kind: 'access' });
      expect(await check(b, signedByNewKey.token)).toMatchObject({ ok: false });
      await b.changes.announce({ kind: 'signing-keys' });
      expect(await check(b, signedByNewKey.token)).toMatchObject({ ok: true });
      expect(b.signingKeys.current().kid).toBe(a.signingKeys.current().kid);
      expect(b.signingKeys.jwks()).toEqual(a.signingKeys.jwks());
    });
  });
});
