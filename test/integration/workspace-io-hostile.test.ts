import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echo, getUser } from '../fixtures/apis.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const ADMIN_LIMIT_BYTES = 10 * 1024 * 1024;

const DEEP = '__deep__';

/** JSON text nested `depth` levels at the spot marked DEEP, built as text: JSON.stringify itself would overflow the stack. */
const deeplyNested = (body: unknown, depth: number): string =>
  JSON.stringify(body).replace(`"${DEEP}"`, `${'{"down":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`);

/** A flow of `count` log nodes in a chain, ending in Respond: big, and valid. */
function longFlow(count: number) {
  const nodes = [{ id: 'r', type: 'request', key: 'request', config: {} }];
  const edges = [];
  for (let i = 0; i < count; i++) {
    nodes.push({ id: `l${i}`, type: 'log', key: `l${i}`, config: {} });
    edges.push({ id: `e${i}`, source: i === 0 ? 'r' : `l${i - 1}`, target: `l${i}` });
  }
  return { nodes, edges };
}

describe('importing a broken or hostile file changes nothing', () => {
  let server: TestServer;
  let file: any;

  const snapshot = async () =>
    Promise.all(['/apis', '/environments', '/key-groups'].map(async (path) => (await server.admin('GET', path)).body));

  const mutated = (change: (copy: any) => void): any => {
    const copy = structuredClone(file);
    change(copy);
    return copy;
  };

  /** Posts a body, or JSON text as it is. */
  const post = async (body: unknown): Promise<{ status: number; body: any }> => {
    if (typeof body !== 'string') return server.admin('POST', '/workspace/import', body);
    const response = await fetch(`${server.adminUrl}/admin/v1/workspace/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' },
      body,
    });
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    server = await startTestServer();
    const api = await server.admin('POST', '/apis', getUser());
    await server.admin('POST', `/apis/${api.body.id}/publish`, { environment: 'dev' });
    await server.admin('POST', '/key-groups', { name: 'partners' });
    file = (await server.admin('GET', '/workspace/export')).body;
    // The file is imported into the workspace it came from: a valid import would add (renamed) copies.
  });
  afterAll(async () => {
    await server?.close();
  });

  const cases: [string, () => unknown, number, string, RegExp?][] = [
    ['a file of another format', () => ({ file: { ...file, format: 'postman-collection' } }), 422, 'not_a_workspace_file'],
    ['not an object at all', () => ({ file: 'hello' }), 422, 'not_a_workspace_file'],
    ['a newer format version', () => ({ file: { ...file, version: 2 } }), 422, 'unsupported_file_version', /newer Flowgate/],
    ['bad options', () => ({ file, onConflict: 'merge' }), 400, 'invalid_input', /onConflict/],
    ['nesting 100 000 levels deep', () => deeplyNested({ file: mutated((f) => (f.apis[0].flow.nodes[1].config.deep = DEEP)) }, 100_000), 422, 'too_deeply_nested', /64 levels/],
    ['an unknown node type', () => ({ file: mutated((f) => (f.apis[0].versions[0].definition.flow.nodes[1].type = 'shell.exec')) }), 422, 'unknown_node_type', /shell\.exec/],
    ['an invalid method', () => ({ file: mutated((f) => (f.apis[0].method = 'TRACE')) }), 422, 'invalid_workspace_file', /apis\.0\.method/],
    ['more APIs than an import takes', () => ({ file: { ...file, apis: Array.from({ length: 1001 }, (_, i) => ({ ...echo(`/a${i}`, '1'), id: `a${i}` })) } }), 422, 'import_limit_exceeded', /1001 apis/],
    ['more flow nodes than an import takes', () => ({ file: { ...file, apis: Array.from({ length: 11 }, (_, i) => ({ ...echo(`/b${i}`, '1'), id: `b${i}`, flow: longFlow(4600) })) } }), 422, 'import_limit_exceeded', /flow nodes/],
    ['two APIs with one id', () => ({ file: mutated((f) => f.apis.push({ ...f.apis[0], path: '/other' })) }), 422, 'duplicate_id'],
    ['two key groups with one name', () => ({ file: mutated((f) => f.keyGroups.push({ id: 'kg_other', name: 'PARTNERS' })) }), 422, 'duplicate_id'],
    ['a deployed version that does not compile', () => ({ file: mutated((f) => (f.apis[0].versions[0].definition.flow.edges = [])) }), 422, 'invalid_version', /does not compile/],
    ['a deployment of a version the file lacks', () => ({ file: mutated((f) => (f.apis[0].deployments[0].version = 9)) }), 422, 'invalid_reference', /v9/],
    ['a key group nobody has', () => ({ file: mutated((f) => (f.apis[0].auth.keyGroupIds = ['kg_ghost'])) }), 422, 'invalid_reference', /kg_ghost/],
  ];

  for (const [name, body, status, code, message] of cases) {
    it(`refuses ${name}: ${status} ${code}`, async () => {
      const before = await snapshot();
      const answer = await post(body());
      expect(answer.status).toBe(status);
      expect(answer.body.error.code).toBe(code);
      if (message) expect(answer.body.error.message).toMatch(message);
      expect(await snapshot()).toEqual(before);
    });
  }

  it('refuses malformed JSON with 400', async () => {
    const before = await snapshot();
    const answer = await post('{"file": {"format": "flowgate-workspace", ');
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('malformed_json');
    expect((await server.admin('POST', '/workspace/import')).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a body over the admin API’s 10 MB with 413', async () => {
    const before = await snapshot();
    const answer = await server.admin('POST', '/workspace/import', { file: { ...file, note: 'x'.repeat(ADMIN_LIMIT_BYTES) } });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('payload_too_large');
    expect(await snapshot()).toEqual(before);
  });

  it('still imports the untouched file afterwards', async () => {
    const answer = await server.admin('POST', '/workspace/import', { file, onConflict: 'rename' });
    expect(answer.status).toBe(200);
    expect((await server.admin('GET', '/apis')).body.map((api: any) => api.name)).toEqual(['Get user', 'Get user (2)']);
  });
});
