import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_QUERY_LIMIT } from '../../../shared/nodes/record-query.js';
import { prepareNode } from '../../../server/runtime/engine.js';
import type { RecordQuery } from '../../../server/workspace/record-store.js';
import { planNode, runContext, runNode, scopeOf, testServices } from './helpers.js';
import { MemoryRecordStore } from './memory-record-store.js';

let records: MemoryRecordStore;
let services: ReturnType<typeof testServices>;

beforeEach(async () => {
  records = new MemoryRecordStore();
  services = testServices({ records });
  await records.insert('users', { id: '1', name: 'Ada', role: 'admin' });
  await records.insert('users', { id: '2', name: 'Bob', role: 'user' });
  await records.insert('users', { id: '3', name: 'Cy', role: 'user' });
});

describe('record.insert', () => {
  it('stores the document with a generated string id', async () => {
    const result = await runNode('record.insert', { collection: 'users', document: 'request.body' }, scopeOf({ body: { name: 'Dee' } }), services);
    expect(result).toMatchObject({ port: 'out', output: { name: 'Dee', id: expect.any(String) } });
    const { id } = (result as { output: { id: string } }).output;
    expect(await records.get('users', id)).toEqual({ id, name: 'Dee' });
  });

  it('keeps an id the document has, as a string', async () => {
    const result = await runNode('record.insert', { collection: 'users', document: '{"id": 42, "name": "Eve"}' }, scopeOf(), services);
    expect(result).toEqual({ port: 'out', output: { id: '42', name: 'Eve' } });
  });

  it('fails when the document is not an object', async () => {
    for (const document of ['[1, 2]', '"text"', 'request.body']) {
      await expect(runNode('record.insert', { collection: 'users', document }, scopeOf(), services)).rejects.toMatchObject({ code: 'invalid_document' });
    }
  });

  it('refuses a bad collection name when it is built', async () => {
    await expect(runNode('record.insert', { collection: 'no spaces' }, scopeOf(), services)).rejects.toMatchObject({ code: 'invalid_config' });
  });
});

describe('record.get', () => {
  it('takes found with the record', async () => {
    const result = await runNode('record.get', { collection: 'users', id: 'request.params.id' }, scopeOf({ params: { id: '1' } }), services);
    expect(result).toEqual({ port: 'found', output: { id: '1', name: 'Ada', role: 'admin' } });
  });

  it('coerces a numeric id to a string', async () => {
    expect(await runNode('record.get', { collection: 'users', id: 'request.body.id' }, scopeOf({ body: { id: 2 } }), services)).toMatchObject({ port: 'found', output: { name: 'Bob' } });
  });

  it('takes missing for an unknown or absent id', async () => {
    expect(await runNode('record.get', { collection: 'users', id: '"9"' }, scopeOf(), services)).toEqual({ port: 'missing', output: null });
    expect(await runNode('record.get', { collection: 'users', id: 'request.params.id' }, scopeOf(), services)).toEqual({ port: 'missing', output: null });
  });

  it('fails on an id that is an object', async () => {
    await expect(runNode('record.get', { collection: 'users', id: '{"a": 1}' }, scopeOf(), services)).rejects.toMatchObject({ code: 'invalid_id' });
  });
});

/** record.query at version 1, as nodes published before cursors run. */
const runQueryV1 = (config: Record<string, unknown>, request = {}, using = services) =>
  prepareNode({ ...planNode('record.query', { collection: 'users', ...config }), typeVersion: 1 }, using)(scopeOf(request), runContext());

describe('record.query version 1', () => {
  const query = (config: Record<string, unknown>, request = {}) => runQueryV1(config, request);

  it('filters, sorts and pages, giving {items, total}', async () => {
    const result = await query({ filter: '{"role": "user"}', sort: '-name', limit: '1', offset: '0' });
    expect(result).toEqual({ port: 'out', output: { items: [{ id: '3', name: 'Cy', role: 'user' }], total: 2 } });
  });

  it('ignores null or missing filter values and reads numbers from query text', async () => {
    const result = await query({ filter: '{"role": request.query.role}', sort: 'name', limit: 'request.query.limit', offset: 'request.query.offset' }, { query: { limit: '2', offset: '1' } });
    expect(result).toEqual({ port: 'out', output: { items: [{ id: '2', name: 'Bob', role: 'user' }, { id: '3', name: 'Cy', role: 'user' }], total: 3 } });
  });

  it('clamps limit to 1..MAX_QUERY_LIMIT and offset to ≥ 0', async () => {
    const seen: RecordQuery[] = [];
    const spy = Object.assign(Object.create(records) as MemoryRecordStore, {
      query: (collection: string, q: RecordQuery) => (seen.push(q), records.query(collection, q)),
    });
    const spied = testServices({ records: spy });
    await runQueryV1({ limit: '100000', offset: '-5' }, {}, spied);
    await runQueryV1({ limit: '0', offset: '2.7' }, {}, spied);
    await runQueryV1({ limit: 'request.query.limit' }, {}, spied);
    expect(seen.map(({ limit, offset }) => [limit, offset])).toEqual([[MAX_QUERY_LIMIT, 0], [1, 2], [50, 0]]);
  });

  it('fails on a filter that is not an object or a limit that is not a number', async () => {
    await expect(query({ filter: '[1]' })).rejects.toMatchObject({ code: 'invalid_filter' });
    await expect(query({ limit: '"many"' })).rejects.toMatchObject({ code: 'invalid_limit' });
  });
});

describe('record.query version 2', () => {
  const query = (config: Record<string, unknown>, request = {}) => runNode('record.query', { collection: 'users', ...config }, scopeOf(request), services);

  it('pages with the cursor from the query string, giving {items, nextCursor} and no total', async () => {
    const first = await query({ filter: '{"role": "user"}', limit: '1' });
    expect(first).toEqual({ port: 'out', output: { items: [{ id: '2', name: 'Bob', role: 'user' }], nextCursor: expect.any(String) } });
    const cursor = (first as { output: { nextCursor: string } }).output.nextCursor;
    const second = await query({ filter: '{"role": "user"}', limit: '1' }, { query: { cursor } });
    expect(second).toEqual({ port: 'out', output: { items: [{ id: '3', name: 'Cy', role: 'user' }], nextCursor: null } });
  });

  it('counts only when the node asks', async () => {
    expect(await query({ sort: '-name', limit: '2', count: true })).toEqual({
      port: 'out',
      output: { items: [{ id: '3', name: 'Cy', role: 'user' }, { id: '2', name: 'Bob', role: 'user' }], nextCursor: expect.any(String), total: 3 },
    });
  });

  it('fails with invalid_cursor on a cursor that is not text or not one the store handed out', async () => {
    await expect(query({ cursor: '42' })).rejects.toMatchObject({ code: 'invalid_cursor' });
    await expect(query({ cursor: '"-1"' })).rejects.toMatchObject({ code: 'invalid_cursor' });
  });
});

describe('record.update', () => {
  it('merges the patch and takes found', async () => {
    const result = await runNode('record.update', { collection: 'users', id: '"1"', patch: '{"name": "Ada L.", "role": null, "id": "other"}' }, scopeOf(), services);
    expect(result).toEqual({ port: 'found', output: { id: '1', name: 'Ada L.' } });
    expect(await records.get('users', '1')).toEqual({ id: '1', name: 'Ada L.' });
  });

  it('takes missing for an unknown id', async () => {
    expect(await runNode('record.update', { collection: 'users', id: '"9"', patch: '{}' }, scopeOf(), services)).toEqual({ port: 'missing', output: null });
  });

  it('fails when the patch is not an object', async () => {
    await expect(runNode('record.update', { collection: 'users', id: '"1"', patch: '"x"' }, scopeOf(), services)).rejects.toMatchObject({ code: 'invalid_patch' });
  });
});

describe('record.delete', () => {
  it('deletes and says whether it did', async () => {
    expect(await runNode('record.delete', { collection: 'users', id: '"2"' }, scopeOf(), services)).toEqual({ port: 'out', output: { deleted: true } });
    expect(await runNode('record.delete', { collection: 'users', id: '"2"' }, scopeOf(), services)).toEqual({ port: 'out', output: { deleted: false } });
    expect(await records.get('users', '2')).toBeUndefined();
  });
});
