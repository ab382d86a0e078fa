import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { openAuth, SigningKeyError } from '../../../server/auth/index.js';
import { HttpError } from '../../../server/http/errors.js';
import { check, openTestDb, openTestStorage, openWorkspace, sqliteStorage, tempDbFile, workspaceBytes } from './setup.js';

const newToken = { name: 'svc', environment: 'dev', scopes: [], vars: {}, ipAllowlist: [], expiresAt: null, rateLimit: null };

describe('signing keys', () => {
  it('makes one key on first start and keeps it across restarts', async () => {
    const file = tempDbFile();
    const first = await openWorkspace({ file });
    const [key] = await first.auth.signingKeys.list();
    expect(await first.auth.signingKeys.list()).toHaveLength(1);
    expect(key).toMatchObject({ status: 'current', retiredAt: null });
    const issued = await first.auth.tokens.create(newToken);
    await first.auth.close();
    first.db.close();

    const again = await openAuth(openTestStorage(file));
    expect(await again.signingKeys.list()).toEqual([key]);
    expect(await check(again, issued.token)).toMatchObject({ ok: true });
    await again.close();
  });

  it('rotates: new tokens use the new key, old tokens still verify, and the JWKS lists both', async () => {
    const { auth } = await openWorkspace();
    const before = await auth.tokens.create(newToken);
    const oldKid = auth.signingKeys.current().kid;
    const rotated = await auth.signingKeys.rotate();
    const after = await auth.tokens.create(newToken);

    expect(rotated.kid).not.toBe(oldKid);
    expect(decodeProtectedHeader(after.token).kid).toBe(rotated.kid);
    expect(decodeProtectedHeader(before.token).kid).toBe(oldKid);
    expect(await check(auth, before.token)).toMatchObject({ ok: true });
    expect(await check(auth, after.token)).toMatchObject({ ok: true });

    const { keys } = auth.signingKeys.jwks();
    expect(keys.map((key) => key.kid).sort()).toEqual([oldKid, rotated.kid].sort());
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    }
    expect((await auth.signingKeys.list()).map((key) => key.status).sort()).toEqual(['current', 'verifying']);
  });

  it("retiring a key fails its tokens at once, even ones the cache already verified", async () => {
    const { auth } = await openWorkspace();
    const old = await auth.tokens.create(newToken);
    const oldKid = auth.signingKeys.current().kid;
    expect(await check(auth, old.token)).toMatchObject({ ok: true });
    await auth.signingKeys.rotate();

    const retired = await auth.signingKeys.retire(oldKid);
    expect(retired).toMatchObject({ kid: oldKid, status: 'retired' });
    expect(retired.retiredAt).not.toBeNull();
    expect(await check(auth, old.token)).toMatchObject({ ok: false, status: 401, code: 'invalid_token' });
    expect(auth.signingKeys.jwks().keys.map((key) => key.kid)).not.toContain(oldKid);
  });

  it('refuses to retire the current key, and 404s an unknown one', async () => {
    const { auth } = await openWorkspace();
    const error = await auth.signingKeys.retire(auth.signingKeys.current().kid).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 409, code: 'current_signing_key' });
    await expect(auth.signingKeys.retire('nope')).rejects.toMatchObject({ status: 404 });
  });

  it('keeps only the current private key: a rotated-out key leaves no bytes behind', async () => {
    const { auth, db, file } = await openWorkspace();
    const oldPem = (db.prepare(`SELECT private_key FROM signing_keys WHERE status = 'current'`).get() as { private_key: string }).private_key;
    await auth.signingKeys.rotate();
    const rows = db.prepare('SELECT status, private_key FROM signing_keys').all() as { status: string; private_key: string | null }[];
    expect(rows.filter((row) => row.private_key !== null).map((row) => row.status)).toEqual(['current']);
    const oldBody = oldPem.split('\n')[1]!;
    expect(workspaceBytes(file).toString('latin1')).not.toContain(oldBody);
  });
});

describe('key-encryption key', () => {
  const KEK = 'correct horse battery staple';

  it('stores the private key sealed, so the file holds no plain key', async () => {
    const { auth, db, file } = await openWorkspace({ kek: KEK });
    const row = db.prepare(`SELECT private_key, encrypted FROM signing_keys WHERE status = 'current'`).get() as { private_key: string; encrypted: number };
    expect(row.encrypted).toBe(1);
    expect(row.private_key).not.toContain('PRIVATE KEY');
    await auth.close();
    db.close();
    const bytes = workspaceBytes(file).toString('latin1');
    expect(bytes).not.toContain('PRIVATE KEY');
    // The PKCS8 body of an Ed25519 key starts with this DER prefix, base64-encoded.
    expect(bytes).not.toContain('MC4CAQAwBQYDK2Vw');
  });

  it('fails clearly without the KEK or with a wrong one, and opens with the right one', async () => {
    const file = tempDbFile();
    const first = await openWorkspace({ file, kek: KEK });
    const issued = await first.auth.tokens.create(newToken);
    await first.auth.close();
    first.db.close();

    await expect(openAuth(openTestStorage(file))).rejects.toMatchObject({ name: 'SigningKeyError', code: 'kek_required' });
    await expect(openAuth(openTestStorage(file), { kek: 'wrong' })).rejects.toBeInstanceOf(SigningKeyError);
    await expect(openAuth(openTestStorage(file), { kek: 'wrong' })).rejects.toMatchObject({ code: 'kek_mismatch', message: expect.stringContaining('FLOWGATE_KEK') });

    const reopened = await openAuth(openTestStorage(file), { kek: KEK });
    expect(await check(reopened, issued.token)).toMatchObject({ ok: true });
    expect(await check(reopened, (await reopened.tokens.create(newToken)).token)).toMatchObject({ ok: true });
    await reopened.close();
  });

  it('seals a plain key when a KEK is first given', async () => {
    const file = tempDbFile();
    const plain = await openWorkspace({ file });
    await plain.auth.close();
    plain.db.close();
    // Proves the byte search above would find a plain key.
    expect(workspaceBytes(file).toString('latin1')).toContain('MC4CAQAwBQYDK2Vw');
    const sealedDb = openTestDb(file);
    const sealed = await openAuth(sqliteStorage(sealedDb, file), { kek: KEK });
    expect(sealedDb.prepare(`SELECT encrypted FROM signing_keys WHERE status = 'current'`).get()).toEqual({ encrypted: 1 });
    await sealed.close();
    sealedDb.close();
    expect(workspaceBytes(file).toString('latin1')).not.toContain('MC4CAQAwBQYDK2Vw');
    await expect(openAuth(openTestStorage(file))).rejects.toMatchObject({ code: 'kek_required' });
  });
});
