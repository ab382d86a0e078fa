import { describe, expect, it } from 'vitest';
import type { ApiDefinition } from '../../../shared/model/api.js';
import { describeDraftChanges } from '../../../renderer/panels/routes/draft-diff.js';

const served: ApiDefinition = {
  name: 'Get user',
  description: '',
  method: 'GET',
  path: '/users/:id',
  query: [],
  params: [],
  bodySchema: null,
  auth: { required: true, keyGroupIds: [], scopes: [] },
  rateLimit: null,
  flow: {
    nodes: [
      { id: 'n1', type: 'request', typeVersion: 1, key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'n2', type: 'record.get', typeVersion: 1, key: 'user', position: { x: 240, y: 0 }, config: { collection: 'users', id: 'request.params.id' } },
      { id: 'n3', type: 'respond', typeVersion: 1, key: 'ok', position: { x: 480, y: 0 }, config: { status: 200, body: 'steps.user' } },
    ],
    edges: [
      { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
      { id: 'e2', source: 'n2', sourceHandle: 'found', target: 'n3' },
    ],
  },
};

const draft = (change: (definition: ApiDefinition) => void): ApiDefinition => {
  const copy = structuredClone(served);
  change(copy);
  return copy;
};

describe('describeDraftChanges', () => {
  it('finds nothing when the draft is the served version, whatever the key order', () => {
    const reordered = draft((d) => (d.flow.nodes[1]!.config = { id: 'request.params.id', collection: 'users' }));
    expect(describeDraftChanges(reordered, served)).toEqual([]);
  });

  it('names endpoint changes in a builder’s words', () => {
    const changed = draft((d) => {
      d.path = '/people/:id';
      d.method = 'POST';
      d.auth.keyGroupIds = ['kg_1'];
      d.rateLimit = { requests: 10, perSeconds: 60 };
      d.name = 'Get person';
    });
    expect(describeDraftChanges(changed, served)).toEqual(['method changed (GET → POST)', 'path changed', 'auth changed', 'rate limit changed', 'renamed']);
  });

  it('counts nodes added, removed and changed, and rewired connections', () => {
    const changed = draft((d) => {
      d.flow.nodes[2]!.config = { status: 201, body: 'steps.user' };
      d.flow.nodes[1]!.key = 'person';
      d.flow.nodes.push({ id: 'n4', type: 'fail', typeVersion: 1, key: 'missing', position: { x: 480, y: 100 }, config: { status: 404 } });
      d.flow.edges.push({ id: 'e3', source: 'n2', sourceHandle: 'missing', target: 'n4' });
    });
    expect(describeDraftChanges(changed, served)).toEqual(['1 node added', '2 nodes changed', '1 connection changed']);
  });

  it('reports removed nodes and says when only positions moved', () => {
    const removed = draft((d) => {
      d.flow.nodes.pop();
      d.flow.edges.pop();
    });
    expect(describeDraftChanges(removed, served)).toEqual(['1 node removed', '1 connection changed']);
    const moved = draft((d) => (d.flow.nodes[1]!.position = { x: 300, y: 40 }));
    expect(describeDraftChanges(moved, served)).toEqual(['nodes moved']);
  });

  it('does not count a new edge id for the same connection as a change', () => {
    const renamedEdge = draft((d) => (d.flow.edges[0]!.id = 'e_other'));
    expect(describeDraftChanges(renamedEdge, served)).toEqual(['canvas changed']);
  });
});
