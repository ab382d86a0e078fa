import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SHAPE_NAMES, openPostgres, type PgDatabase } from '../../../server/storage/postgres.js';
import { postgresListenerPages } from '../../../server/workers/inline-postgres-pages.js';
import { PostgresRecordStore } from '../../../server/workspace/postgres/record-store.js';
import { startTestServerOn } from '../../support/engines.js';
import { getJson } from '../../support/http.js';
import { freshDatabase, type TestDatabase } from '../../support/postgres.js';
import type { TestServer } from '../../support/test-server.js';
import { publish } from '../../support/tokens.js';

/** Connections of the pool under test: each one's prepared statements are counted. */
const POOL_SIZE = 2;
/** Shapes past the cap, which must still run, unnamed. */
const SHAPES_PAST_CAP = 40;
/** PostgreSQL plans a named statement generically after five custom plans: more calls than that reach the cached plan. */
const CALLS_PAST_CUSTOM_PLANS = 8;
const PAGE_BUDGET = { recordBytes: 65_536, pageCharacters: 262_144 };

/** The names each connection of the pool holds, read on every connection at once. */
async function preparedNamesPerConnection(database: PgDatabase): Promise<string[][]> {
  const clients = await Promise.all(Array.from({ length: POOL_SIZE }, () => database.pool.connect()));
  try {
    return await Promise.all(clients.map(async (client) => (await client.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name')).rows.map((row) => row.name)));
  } finally {
    for (const client of clients) client.release();
  }
}

describe('named statements on PostgreSQL stay bounded per connection', () => {
  let database: TestDatabase | undefined;
  let pgDatabase: PgDatabase | undefined;

  afterEach(async () => {
    await pgDatabase?.close();
    pgDatabase = undefined;
    await database?.drop();
    database = undefined;
  });

  it(`names at most ${MAX_SHAPE_NAMES} shapes per connection, and runs the shapes past the cap unnamed`, async () => {
    database = await freshDatabase();
    pgDatabase = await openPostgres(database.url, { poolSize: POOL_SIZE });
    const shapes = MAX_SHAPE_NAMES + SHAPES_PAST_CAP;
    for (let round = 0; round < 2; round++) {
      const answers = await Promise.all(Array.from({ length: shapes }, (_, n) => pgDatabase!.one<{ n: number }>(pgDatabase!.shaped(`SELECT $1::int + ${n} AS n`), [round])));
      expect(answers.map((answer) => answer?.n)).toEqual(Array.from({ length: shapes }, (_, n) => n + round));
    }
    const perConnection = (await preparedNamesPerConnection(pgDatabase)).map((names) => names.filter((name) => name.startsWith('flowgate_shape_')));
    for (const names of perConnection) expect(names.length).toBeLessThanOrEqual(MAX_SHAPE_NAMES);
    expect(new Set(perConnection.flat()).size).toBe(MAX_SHAPE_NAMES);
  });

  it('gives a page shape one name whatever its values, and a new name only to a new shape', async () => {
    database = await freshDatabase();
    pgDatabase = await openPostgres(database.url, { poolSize: POOL_SIZE });
    await pgDatabase.run(`INSERT INTO records (collection, id, data) SELECT 'people', 'p' || g, json_build_object('id', 'p' || g, 'team', 't' || (g % 3), 'age', g) FROM generate_series(1, 30) g`);
    const pages = postgresListenerPages(pgDatabase, PAGE_BUDGET);
    for (let n = 0; n < 30; n++) {
      const read = await pages('people', { filter: { team: `t${n % 3}` }, sort: '-age', limit: 1 + (n % 5) });
      expect('page' in read && read.page.items.length).toBe(1 + (n % 5));
      await pages('people', { filter: { team: `t${n % 3}` }, sort: '', limit: 2 });
    }
    const named = new Set((await preparedNamesPerConnection(pgDatabase)).flat().filter((name) => name.startsWith('flowgate_shape_')));
    expect([...named].sort()).toEqual(['flowgate_shape_1', 'flowgate_shape_2']);
  });

  it('inserts, reads, updates and deletes records with its prepared statements before and after a column is added to records', async () => {
    database = await freshDatabase();
    pgDatabase = await openPostgres(database.url, { poolSize: POOL_SIZE });
    const store = new PostgresRecordStore(pgDatabase);
    const cycle = async (tag: string): Promise<void> => {
      for (let n = 0; n < CALLS_PAST_CUSTOM_PLANS; n++) {
        const id = `${tag}${n}`;
        expect(await store.insert('notes', { id, text: 'first' })).toEqual({ id, text: 'first' });
        expect(await store.update('notes', id, { seen: true })).toEqual({ id, text: 'first', seen: true });
        expect(await store.get('notes', id)).toEqual({ id, text: 'first', seen: true });
        expect(await store.delete('notes', id)).toBe(true);
      }
    };
    await cycle('a');
    await pgDatabase.run('ALTER TABLE records ADD COLUMN prepared_test_note text');
    await cycle('b');
  });
});

/** GET /people/:id → record.get; GET /people?team= → record.query (version 2, on the listener). */
const node = (id: string, type: string, key: string, config: Record<string, unknown>, typeVersion?: number) => ({ id, type, key, position: { x: 0, y: 0 }, config, ...(typeVersion ? { typeVersion } : {}) });
const edge = (id: string, source: string, sourceHandle: string, target: string) => ({ id, source, sourceHandle, target });
const getPerson = {
  name: 'Get person', method: 'GET', path: '/people/:id',
  flow: {
    nodes: [node('r', 'request', 'request', {}), node('g', 'record.get', 'person', { collection: 'people', id: 'request.params.id' }), node('o', 'respond', 'ok', { status: 200, body: 'steps.person' }), node('m', 'fail', 'missing', { status: 404, code: 'not_found', message: '"no such person"' })],
    edges: [edge('e1', 'r', 'out', 'g'), edge('e2', 'g', 'found', 'o'), edge('e3', 'g', 'missing', 'm')],
  },
};
const listPeople = (path: string, filter: string) => ({
  name: `List people ${path}`, method: 'GET', path,
  flow: {
    nodes: [node('r', 'request', 'request', {}), node('q', 'record.query', 'people', { collection: 'people', filter, sort: '-age', limit: '10' }, 2), node('o', 'respond', 'ok', { status: 200, body: 'steps.people' })],
    edges: [edge('e1', 'r', 'out', 'q'), edge('e2', 'q', 'out', 'o')],
  },
});

describe('prepared record reads on PostgreSQL through a schema change', () => {
  let server: TestServer;
  let url: string;

  beforeAll(async () => {
    server = await startTestServerOn('postgres');
    const storage = server.built.services.storage;
    if (storage.engine !== 'postgres') throw new Error('startTestServerOn(postgres) gave a SQLite workspace');
    url = storage.url;
    const seeded = await server.admin('POST', '/collections/people/records', { records: Array.from({ length: 12 }, (_, n) => ({ id: `p${n}`, team: n % 2 ? 'red' : 'blue', city: n % 3 ? 'Oslo' : 'Lima', age: 20 + n })) });
    expect(seeded.status, JSON.stringify(seeded.body)).toBe(201);
    await publish(server, getPerson);
    await publish(server, listPeople('/people', '{"team": request.query.team}'));
  });
  afterAll(async () => {
    await server?.close();
  });

  const readAll = async (): Promise<void> => {
    for (let n = 0; n < CALLS_PAST_CUSTOM_PLANS; n++) {
      const person = await getJson(`${server.runtimeUrl}/dev/people/p${n}`);
      expect(person.status, JSON.stringify(person.body)).toBe(200);
      expect(person.body).toEqual({ id: `p${n}`, team: n % 2 ? 'red' : 'blue', city: n % 3 ? 'Oslo' : 'Lima', age: 20 + n });
      const page = await getJson(`${server.runtimeUrl}/dev/people?team=red`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.items.map((item: { id: string }) => item.id)).toEqual(['p11', 'p9', 'p7', 'p5', 'p3', 'p1']);
    }
  };

  it('answers as before after a column is added to records and an index is built on it while requests run', async () => {
    await readAll();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const reads = readAll();
      await admin.query('ALTER TABLE records ADD COLUMN prepared_test_note text');
      await admin.query(`CREATE INDEX CONCURRENTLY prepared_test_team ON records ((COALESCE(fields -> 'team', 'null'::jsonb)), seq) WHERE collection = 'people'`);
      await reads;
      await readAll();
      await admin.query('DROP INDEX prepared_test_team');
      await admin.query('ALTER TABLE records DROP COLUMN prepared_test_note');
    } finally {
      await admin.end();
    }
    await readAll();
  });

  it('answers as before while publishing builds an automatic index for a new filter', async () => {
    await readAll();
    const reads = readAll();
    await publish(server, listPeople('/people/by-city', '{"city": request.query.city}'));
    await reads;
    const byCity = await getJson(`${server.runtimeUrl}/dev/people/by-city?city=Lima`);
    expect(byCity.status, JSON.stringify(byCity.body)).toBe(200);
    expect(byCity.body.items.map((item: { id: string }) => item.id)).toEqual(['p9', 'p6', 'p3', 'p0']);
    await readAll();
  });
});
