import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiTestInput, TestSuiteInput } from '../../../shared/model/api-tests.js';
import { closeStorage, openStorage, type Storage, type StorageEngine } from '../../../server/storage/storage.js';
import { apiTestStoreFor, DuplicateTestName, type ApiTestStore } from '../../../server/workspace/api-tests.js';
import { freshDatabase } from '../../support/postgres.js';

const CREATED = '2030-01-01T00:00:00.000Z';

const testInput = (name: string, status = 200): ApiTestInput =>
  ApiTestInput.parse({ name, request: { params: { id: '42' }, headers: { 'x-trace': '1' } }, expect: { status, body: { ok: true } } });
const suiteInput = (name: string, apiId: string): TestSuiteInput =>
  TestSuiteInput.parse({ name, steps: [{ name: 'first', apiId, expect: { status: 201 }, save: { id: 'body.id' } }] });

describe.each<StorageEngine>(['sqlite', 'postgres'])('API tests and suites on %s', (engine) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function workspace(): Promise<{ storage: Storage; tests: ApiTestStore; addApi: (id: string, createdAt?: string) => Promise<void>; sql: (text: string, params: unknown[]) => Promise<void> }> {
    let storage: Storage;
    if (engine === 'sqlite') {
      const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-tests-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      storage = await openStorage({ dbFile: path.join(dir, 'ws.db') });
    } else {
      const database = await freshDatabase();
      cleanups.push(() => database.drop());
      storage = await openStorage({ dbFile: '', databaseUrl: database.url }, { poolSize: 2 });
    }
    cleanups.push(() => closeStorage(storage));
    const sql = async (text: string, params: unknown[]): Promise<void> => {
      if (storage.engine === 'sqlite') storage.db.prepare(text.replace(/\$\d+/g, '?')).run(...params);
      else await storage.pg.run(text, params);
    };
    // An API row as the API store writes it: the tests only need it to exist (and its creation order).
    const addApi = (id: string, createdAt = CREATED): Promise<void> =>
      sql('INSERT INTO apis (id, name, method, path, definition, draft_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        id, `API ${id}`, 'GET', `/${id}`, '{}', 'hash', createdAt, createdAt,
      ]);
    return { storage, tests: apiTestStoreFor(storage), addApi, sql };
  }

  it('keeps each API’s tests in the order they were made, with their specs as given', async () => {
    const { tests, addApi } = await workspace();
    await addApi('api_b', '2030-01-02T00:00:00.000Z');
    await addApi('api_a', CREATED);
    // Same creation time: insertion order decides, as it does for APIs.
    const first = await tests.create('api_b', testInput('lists users'), CREATED);
    const second = await tests.create('api_b', testInput('finds one', 404), CREATED);
    const other = await tests.create('api_a', testInput('lists users'));
    expect(first).toMatchObject({ apiId: 'api_b', name: 'lists users', revision: 1, createdAt: CREATED, updatedAt: CREATED, request: { params: { id: '42' } }, expect: { status: 200, body: { ok: true } } });
    expect(first.id).toMatch(/^test_/);
    expect((await tests.list('api_b')).map((test) => test.id)).toEqual([first.id, second.id]);
    // Every API's tests, APIs in the API list's order (by creation), then each API's in order.
    expect((await tests.all()).map((test) => test.id)).toEqual([other.id, first.id, second.id]);
    expect(await tests.count('api_b')).toBe(2);
    expect(await tests.count('api_none')).toBe(0);
    expect(await tests.get('api_b', first.id)).toEqual(first);
    expect(await tests.get('api_a', first.id)).toBeUndefined();
    expect(await tests.find(second.id)).toEqual(second);
    expect(await tests.find('test_none')).toBeUndefined();
  });

  it('refuses a test name its API has in any case, and allows it on another API', async () => {
    const { tests, addApi } = await workspace();
    await addApi('api_a');
    await addApi('api_b');
    const kept = await tests.create('api_a', testInput('Lists users'));
    await expect(tests.create('api_a', testInput('LISTS USERS'))).rejects.toBeInstanceOf(DuplicateTestName);
    await tests.create('api_b', testInput('lists users'));
    const renamed = await tests.create('api_a', testInput('another'));
    await expect(tests.update('api_a', renamed.id, testInput('lists USERS'), renamed.revision)).rejects.toThrow('The name "lists USERS" is taken');
    expect((await tests.list('api_a')).map((test) => test.name)).toEqual([kept.name, 'another']);
  });

  it('replaces a test only at its stored revision, and deletes one or all of an API’s', async () => {
    const { tests, addApi, sql } = await workspace();
    await addApi('api_a');
    await addApi('api_b');
    const made = await tests.create('api_a', testInput('lists users'));
    const saved = await tests.update('api_a', made.id, testInput('lists all users', 201), made.revision);
    expect(saved).toMatchObject({ id: made.id, name: 'lists all users', revision: 2, expect: { status: 201 }, createdAt: made.createdAt });
    expect(saved!.updatedAt >= made.updatedAt).toBe(true);
    // A stale revision, another API's id or an unknown id change nothing.
    expect(await tests.update('api_a', made.id, testInput('stale'), made.revision)).toBeUndefined();
    expect(await tests.update('api_b', made.id, testInput('elsewhere'), 2)).toBeUndefined();
    expect(await tests.update('api_a', 'test_none', testInput('nothing'), 1)).toBeUndefined();
    expect(await tests.get('api_a', made.id)).toEqual(saved);

    expect(await tests.delete('api_b', made.id)).toBe(false);
    expect(await tests.delete('api_a', made.id)).toBe(true);
    expect(await tests.delete('api_a', made.id)).toBe(false);
    await tests.create('api_a', testInput('one'));
    await tests.create('api_a', testInput('two'));
    const kept = await tests.create('api_b', testInput('three'));
    await tests.deleteAll('api_a');
    expect(await tests.all()).toEqual([kept]);
    // Deleting the API deletes its tests.
    await sql('DELETE FROM apis WHERE id = $1', ['api_b']);
    expect(await tests.all()).toEqual([]);
  });

  it('keeps suites across APIs: listed in order, found by id or by name in any case, names unique', async () => {
    const { tests, addApi } = await workspace();
    await addApi('api_a');
    const first = await tests.createSuite(suiteInput('Signup flow', 'api_a'), CREATED);
    const second = await tests.createSuite(suiteInput('checkout', 'api_a'), CREATED);
    expect(first).toMatchObject({ name: 'Signup flow', revision: 1, createdAt: CREATED, steps: [{ name: 'first', apiId: 'api_a', expect: { status: 201 }, save: { id: 'body.id' } }] });
    expect(first.id).toMatch(/^suite_/);
    expect((await tests.suites()).map((suite) => suite.id)).toEqual([first.id, second.id]);
    expect(await tests.suite(second.id)).toEqual(second);
    expect(await tests.suite('suite_none')).toBeUndefined();
    expect(await tests.suiteByName('SIGNUP FLOW')).toEqual(first);
    expect(await tests.suiteByName('nothing')).toBeUndefined();
    expect(await tests.suiteCount()).toBe(2);
    await expect(tests.createSuite(suiteInput('signup FLOW', 'api_a'))).rejects.toBeInstanceOf(DuplicateTestName);
    await expect(tests.updateSuite(second.id, suiteInput('Signup Flow', 'api_a'))).rejects.toBeInstanceOf(DuplicateTestName);
  });

  it('replaces a suite at its revision (or at any, when none is given) and deletes it', async () => {
    const { tests, addApi } = await workspace();
    await addApi('api_a');
    const made = await tests.createSuite(suiteInput('checkout', 'api_a'));
    const saved = await tests.updateSuite(made.id, suiteInput('checkout v2', 'api_a'), made.revision);
    expect(saved).toMatchObject({ id: made.id, name: 'checkout v2', revision: 2 });
    expect(await tests.updateSuite(made.id, suiteInput('stale', 'api_a'), made.revision)).toBeUndefined();
    expect(await tests.updateSuite(made.id, suiteInput('checkout v3', 'api_a'))).toMatchObject({ name: 'checkout v3', revision: 3 });
    expect(await tests.updateSuite('suite_none', suiteInput('nothing', 'api_a'))).toBeUndefined();
    expect(await tests.deleteSuite(made.id)).toBe(true);
    expect(await tests.deleteSuite(made.id)).toBe(false);
    expect(await tests.suites()).toEqual([]);
    expect(await tests.suiteCount()).toBe(0);
  });
});
