import { describe, expect, it } from 'vitest';
import type { ApiDefinition, FlowNode } from '../../../shared/model/api.js';
import { draftDifferences, mergeDrafts } from '../../../renderer/conflict/flow-merge.js';

const node = (id: string, type: string, key: string, config: Record<string, unknown> = {}, x = 0): FlowNode => ({ id, type, typeVersion: 1, key, position: { x, y: 0 }, config });

/** request → ok (Respond 202): the draft both windows opened. */
const base: ApiDefinition = {
  name: 'Create user', description: '', method: 'POST', path: '/users', query: [], params: [], bodySchema: null,
  auth: { required: false, keyGroupIds: [], scopes: [] }, rateLimit: null,
  flow: {
    nodes: [node('n1', 'request', 'request'), node('n2', 'respond', 'ok', { status: 202, body: 'request.body' }, 480)],
    edges: [{ id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' }],
  },
};

const withStatus = (definition: ApiDefinition, status: number): ApiDefinition => ({
  ...definition,
  flow: { ...definition.flow, nodes: definition.flow.nodes.map((n) => (n.key === 'ok' ? { ...n, config: { ...n.config, status } } : n)) },
});

/** request → log → ok: window B's edit. */
const withLog = (definition: ApiDefinition): ApiDefinition => ({
  ...definition,
  flow: {
    nodes: [...definition.flow.nodes, node('n3', 'log', 'log', { level: 'info', message: "'created'" }, 240)],
    edges: [{ id: 'e2', source: 'n1', sourceHandle: 'out', target: 'n3' }, { id: 'e3', source: 'n3', sourceHandle: 'out', target: 'n2' }],
  },
});

describe('two windows on one draft', () => {
  it('names what differs, in the words of the canvas', () => {
    const theirs = withStatus(base, 203);
    const mine = withLog(base);
    const rows = draftDifferences(theirs, mine, base);
    expect(rows.map((row) => [row.where, row.theirs, row.mine])).toEqual(
      expect.arrayContaining([
        ['Node "ok" (Respond) · Status', '203', '202'],
        ['Node "log" (Log)', '—', "Log node: info: 'created'"],
        ['Connection request · out → ok', 'connected', '—'],
        ['Connection log · out → ok', '—', 'connected'],
      ]),
    );
    expect(rows.every((row) => !row.both)).toBe(true);
  });

  it('merges changes to different things: a status changed in one window, a node added in the other, both kept', () => {
    const merged = mergeDrafts(base, withLog(base), withStatus(base, 203));
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(merged.merged.flow.nodes.find((n) => n.key === 'ok')?.config.status).toBe(203);
    expect(merged.merged.flow.nodes.map((n) => n.key)).toEqual(['request', 'ok', 'log']);
    expect(merged.merged.flow.edges.map((e) => e.id).sort()).toEqual(['e2', 'e3']);
    expect(draftDifferences(merged.merged, withStatus(withLog(base), 203))).toEqual([]);
  });

  it('refuses to merge what both changed differently, naming it', () => {
    const result = mergeDrafts(base, withStatus(base, 201), withStatus(base, 203));
    expect(result).toEqual({ ok: false, conflicts: ['Node "ok" (Respond) · Status'] });
    expect(draftDifferences(withStatus(base, 203), withStatus(base, 201), base)[0]).toMatchObject({ both: true });
  });

  it('takes the same change made in both windows once', () => {
    const result = mergeDrafts(base, withStatus(base, 203), withStatus(base, 203));
    expect(result.ok && result.merged.flow.nodes[1]?.config.status).toBe(203);
  });

  it('refuses a merge that would break the flow: a connection to a node the other window deleted, two connections from one port', () => {
    const deleted: ApiDefinition = { ...base, flow: { nodes: [base.flow.nodes[0]!], edges: [] } };
    const rewired: ApiDefinition = { ...base, flow: { ...base.flow, edges: [{ id: 'e9', source: 'n1', sourceHandle: 'out', target: 'n2' }] } };
    expect(mergeDrafts(base, rewired, deleted)).toMatchObject({ ok: false, conflicts: [expect.stringContaining('a node the other window deleted')] });

    const mine = withLog(base);
    const theirs: ApiDefinition = { ...base, flow: { nodes: [...base.flow.nodes, node('n4', 'fail', 'oops')], edges: [{ id: 'e4', source: 'n1', sourceHandle: 'out', target: 'n4' }] } };
    expect(mergeDrafts(base, mine, theirs)).toMatchObject({ ok: false, conflicts: [expect.stringContaining('Two connections from request · out')] });
  });
});
