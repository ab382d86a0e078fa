import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawRequest } from '../support/http.js';
import { ENGINES, startTestServerOn } from '../support/engines.js';
import type { TestServer } from '../support/test-server.js';

const PEOPLE = [
  { id: 'ada', name: 'Ada', team: 'red', age: 36 },
  { id: 'bob', name: 'Bob', team: 'blue', age: 41 },
  { id: 'cy', name: 'Cy', team: 'red', age: 29, tags: ['new'] },
  { id: 'dee', name: 'Dee', team: 'green' },
];

/** Everything in a collection, as the export answers it. */
async function exported(server: TestServer, collection = 'people'): Promise<Record<string, unknown>[]> {
  const file = await server.admin('GET', `/collections/${collection}/export`);
  expect(file.status).toBe(200);
  return file.body.records as Record<string, unknown>[];
}

describe.each(ENGINES)('admin collections routes (%s)', (engine) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServerOn(engine);
    const seeded = await server.admin('POST', '/collections/people/records', { records: PEOPLE });
    expect(seeded.status, JSON.stringify(seeded.body)).toBe(201);
    expect(seeded.body).toEqual({ inserted: 4, replaced: 0, skipped: 0 });
  });
  afterEach(() => server.close());

  it('lists collections with their record counts', async () => {
    await server.admin('POST', '/collections/pets/records', { record: { name: 'Rex' } });
    const list = await server.admin('GET', '/collections');
    expect(list.body).toEqual([
      { name: 'people', records: 4, indexes: [] },
      { name: 'pets', records: 1, indexes: [] },
    ]);
  });

  it('browses with a filter, a sort, a cursor and a count on request', async () => {
    const first = await server.admin('GET', '/collections/people/records?limit=2&sort=-age&count=true');
    expect(first.body.items.map((p: { id: string }) => p.id)).toEqual(['bob', 'ada']);
    expect(first.body.total).toBe(4);
    const second = await server.admin('GET', `/collections/people/records?limit=2&sort=-age&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((p: { id: string }) => p.id)).toEqual(['cy', 'dee']);
    expect(second.body.nextCursor).toBeNull();
    expect(second.body.total).toBeUndefined();
    const reds = await server.admin('GET', `/collections/people/records?filter=${encodeURIComponent('{"team":"red"}')}`);
    expect(reds.body.items.map((p: { id: string }) => p.id)).toEqual(['ada', 'cy']);

    for (const [query, code] of [
      ['filter=team%3Dred', 'invalid_filter'],
      ['cursor=nope', 'invalid_cursor'],
      [`sort=-age&cursor=${first.body.nextCursor}x`, 'invalid_cursor'],
      ['limit=100000', 'invalid_input'],
    ] as const) {
      const refused = await server.admin('GET', `/collections/people/records?${query}`);
      expect(refused.status, query).toBe(400);
      expect(refused.body.error.code, query).toBe(code);
    }
    expect((await server.admin('GET', '/collections/no%20such/records')).body.error.code).toBe('invalid_collection');
  });

  it('gets, replaces and deletes one record; adds one with a generated id', async () => {
    expect((await server.admin('GET', '/collections/people/records/ada')).body).toEqual(PEOPLE[0]);
    const replaced = await server.admin('PUT', '/collections/people/records/ada', { name: 'Ada L.', team: 'red' });
    expect(replaced.body).toEqual({ name: 'Ada L.', team: 'red', id: 'ada' });
    expect((await exported(server)).map((p) => p.id)).toEqual(['ada', 'bob', 'cy', 'dee']); // kept its place
    expect((await server.admin('PUT', '/collections/people/records/ada', { id: 'other' })).body.error.code).toBe('id_mismatch');
    expect((await server.admin('PUT', '/collections/people/records/zed', { name: 'Zed' })).status).toBe(404);
    expect((await server.admin('DELETE', '/collections/people/records/bob')).status).toBe(204);
    expect((await server.admin('GET', '/collections/people/records/bob')).status).toBe(404);
    expect((await server.admin('DELETE', '/collections/people/records/bob')).status).toBe(404);

    // Parsed, not a literal: a literal's __proto__ would set the prototype instead of a field.
    const added = await server.admin('POST', '/collections/people/records', { record: JSON.parse('{"name": "Eve", "__proto__": {"admin": true}}') });
    expect(added.status).toBe(201);
    expect(added.body.record.id).toMatch(/^[0-9a-f-]{36}$/);
    const stored = await server.admin('GET', `/collections/people/records/${added.body.record.id}`);
    expect(Object.hasOwn(stored.body, '__proto__')).toBe(true);
    expect((await server.admin('POST', '/collections/people/records', { record: { id: 'cy' } })).body.error.code).toBe('record_conflict');
  });

  it('imports JSON all or nothing: a taken id refuses the whole import unless told to skip or replace', async () => {
    const conflicting = await server.admin('POST', '/collections/people/records', { records: [{ id: 'fay' }, { id: 'ada', name: 'Other Ada' }] });
    expect(conflicting.status).toBe(409);
    expect(conflicting.body.error.code).toBe('record_conflict');
    expect(conflicting.body.error.details.ids).toEqual(['ada']);
    expect((await exported(server)).map((p) => p.id)).toEqual(['ada', 'bob', 'cy', 'dee']);

    const skipped = await server.admin('POST', '/collections/people/records', { records: [{ id: 'fay' }, { id: 'ada', name: 'Other Ada' }], onConflict: 'skip' });
    expect(skipped.body).toEqual({ inserted: 1, replaced: 0, skipped: 1 });
    const replaced = await server.admin('POST', '/collections/people/records', { records: [{ id: 'ada', name: 'Other Ada' }, { id: 7 }], onConflict: 'replace' });
    expect(replaced.body).toEqual({ inserted: 1, replaced: 1, skipped: 0 });
    expect((await server.admin('GET', '/collections/people/records/ada')).body).toEqual({ id: 'ada', name: 'Other Ada' });
    expect((await server.admin('GET', '/collections/people/records/7')).body).toEqual({ id: '7' });
  });

  it('exports JSON and CSV that import back unchanged', async () => {
    const file = await server.admin('GET', '/collections/people/export');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="people-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(file.body).toMatchObject({ format: 'flowgate-records', version: 1, collection: 'people', records: PEOPLE });

    await server.admin('POST', '/collections/people/records', { record: { id: 'odd', name: '42', note: 'says "hi", then\nleaves', empty: '', nothing: null } });
    const csv = await rawRequest(`${server.adminUrl}/admin/v1/collections/people/export?format=csv`, { headers: { authorization: `Bearer ${server.adminKey}` } });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('id,name,team,age,tags,note,empty,nothing');

    const intoJson = await server.admin('POST', '/collections/copy/records', { file: file.body });
    expect(intoJson.body.inserted).toBe(4);
    const intoCsv = await server.admin('POST', '/collections/fromcsv/records', { csv: csv.text });
    expect(intoCsv.status, JSON.stringify(intoCsv.body)).toBe(201);
    expect(await exported(server, 'fromcsv')).toEqual(await exported(server, 'people'));
  });

  // Refused by validation before any store is reached, so engine-independent: run once, on SQLite, to keep the suite's time.
  describe.runIf(engine === 'sqlite')('hostile imports change nothing', () => {
    const deep = (levels: number): unknown => {
      let value: unknown = 'bottom';
      for (let level = 0; level < levels; level++) value = { inner: value };
      return value;
    };
    const cases: [string, unknown, number, string][] = [
      ['nested 100 levels deep', { records: [{ id: 'deep', value: deep(100) }] }, 422, 'too_deeply_nested'],
      ['more than 2,000,000 values', { records: [{ id: 'big', values: new Array(2_000_001).fill(0) }] }, 422, 'import_limit_exceeded'],
      ['more than 100,000 records', { records: new Array(100_001).fill({}) }, 400, 'invalid_input'],
      ['a record that is not an object', { records: [{ id: 'fine' }, 'text'] }, 422, 'invalid_records'],
      ['an id that is an object', { records: [{ id: { nested: 1 } }] }, 422, 'invalid_records'],
      ['an id twice', { records: [{ id: 'twin' }, { id: 'twin' }] }, 422, 'invalid_records'],
      ['a file of another format', { file: { format: 'flowgate-workspace', version: 1, records: [] } }, 422, 'not_a_records_file'],
      ['a CSV with a ragged line', { csv: 'id,name\r\na,Ann\r\nb\r\n' }, 422, 'invalid_csv'],
      ['a CSV with an unclosed quote', { csv: 'id,name\r\na,"Ann\r\n' }, 422, 'invalid_csv'],
      ['a CSV naming a field twice', { csv: 'id,name,name\r\na,b,c\r\n' }, 422, 'invalid_csv'],
      ['a CSV of 201 columns', { csv: `${Array.from({ length: 201 }, (_, n) => `f${n}`).join(',')}\r\n` }, 422, 'invalid_csv'],
      ['a body that is neither a record nor an import', { records: [], extra: true }, 400, 'invalid_input'],
    ];
    for (const [what, body, status, code] of cases) {
      it(`refuses ${what} with ${status} ${code}`, async () => {
        const refused = await server.admin('POST', '/collections/people/records', body);
        expect(refused.status, JSON.stringify(refused.body).slice(0, 300)).toBe(status);
        expect(refused.body.error.code).toBe(code);
        expect((await exported(server)).map((p) => p.id)).toEqual(['ada', 'bob', 'cy', 'dee']);
        expect((await server.admin('GET', '/collections')).body.map((c: { name: string }) => c.name)).toEqual(['people']);
      });
    }

    it('refuses a body over the admin API’s 10 MB with 413', async () => {
      const tooBig = JSON.stringify({ records: [{ id: 'x', blob: 'x'.repeat(11 * 1024 * 1024) }] });
      const refused = await rawRequest(`${server.adminUrl}/admin/v1/collections/people/records`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' },
        body: tooBig,
      });
      expect(refused.status).toBe(413);
      expect((await exported(server)).map((p) => p.id)).toEqual(['ada', 'bob', 'cy', 'dee']);
    });
  });
});
