import { describe, expect, it } from 'vitest';
import { connectionRefusal, edgeFromPort } from '../../../renderer/canvas/connection-rules.js';
import { insertionRefusal, roomForInsertion, spliceEdge } from '../../../renderer/canvas/insert-on-edge.js';
import type { StepEdge, StepNode } from '../../../renderer/stores/editor-doc.js';

const node = (id: string, key: string): StepNode => ({ id, type: 'step', position: { x: 0, y: 0 }, data: { type: 'log', key, config: {} } }) as unknown as StepNode;
const edge = (id: string, source: string, sourceHandle: string, target: string): StepEdge => ({ id, type: 'step', source, sourceHandle, target, targetHandle: null });

const nodes = [node('r', 'request'), node('g', 'user'), node('ok', 'ok'), node('nf', 'notFound'), node('log', 'audit')];
const edges = [edge('e1', 'r', 'out', 'g'), edge('e2', 'g', 'found', 'ok'), edge('e3', 'g', 'missing', 'nf')];

describe('connections', () => {
  it('finds the edge that leaves a port', () => {
    expect(edgeFromPort(edges, 'g', 'found')?.id).toBe('e2');
    expect(edgeFromPort(edges, 'g', 'found', 'e2')).toBeUndefined();
    expect(edgeFromPort(edges, 'r', null)?.id).toBe('e1');
  });

  it('refuses a second connection from a used output, naming where it leads and what to do', () => {
    const refusal = connectionRefusal(nodes, edges, { source: 'g', sourceHandle: 'found', target: 'log' });
    expect(refusal).toContain('“found” of user already leads to ok');
    expect(refusal).toContain('Drag that connection’s end to move it');
  });

  it('lets the edge being moved go to another step from its own port', () => {
    expect(connectionRefusal(nodes, edges, { source: 'g', sourceHandle: 'found', target: 'log' }, 'e2')).toBeNull();
  });

  it('allows a free port, and the same connection again', () => {
    expect(connectionRefusal(nodes, [edges[0]!], { source: 'g', sourceHandle: 'found', target: 'ok' })).toBeNull();
    expect(connectionRefusal(nodes, edges, { source: 'g', sourceHandle: 'found', target: 'ok' })).toBeNull();
  });

  it('refuses loops and self-connections', () => {
    expect(connectionRefusal(nodes, edges, { source: 'ok', sourceHandle: 'out', target: 'r' })).toContain('loop');
    expect(connectionRefusal(nodes, edges, { source: 'g', sourceHandle: 'found', target: 'g' })).toContain('itself');
  });
});

describe('dropping a node on an edge', () => {
  it('splices it in: source —port→ node —first port→ target, keeping the rest', () => {
    const spliced = spliceEdge(edges, { edgeId: 'e2', nodeId: 'log', firstPort: 'out', newEdgeId: 'e9' })!;
    expect(spliced.map((item) => [item.id, item.source, item.sourceHandle, item.target])).toEqual([
      ['e1', 'r', 'out', 'g'],
      ['e2', 'g', 'found', 'log'],
      ['e9', 'log', 'out', 'ok'],
      ['e3', 'g', 'missing', 'nf'],
    ]);
  });

  it('answers null for an edge that is gone', () => {
    expect(spliceEdge(edges, { edgeId: 'nope', nodeId: 'log', firstPort: 'out', newEdgeId: 'e9' })).toBeNull();
  });

  it('refuses node types without an input or an output', () => {
    expect(insertionRefusal('Respond', [], true)).toContain('ends the flow');
    expect(insertionRefusal('Request', ['out'], false)).toContain('starts the flow');
    expect(insertionRefusal('Condition', ['true', 'false'], true)).toBeNull();
  });
});

describe('making room for an inserted node', () => {
  const at = (id: string, x: number, y: number): StepNode => ({ ...node(id, id), position: { x, y }, measured: { width: 220, height: 80 } }) as StepNode;
  const placed = [at('r', 0, 0), at('g', 300, 0), at('ok', 600, -80), at('nf', 600, 80), at('log', 0, 300)];

  it('puts the node between the two, in line with the target, and moves the target and what follows right', () => {
    const room = roomForInsertion(placed, edges, { source: 'r', target: 'g' }, { x: 150, y: 40 });
    expect(room.at).toEqual({ x: 280, y: 0 });
    expect([...room.moved.keys()].sort()).toEqual(['g', 'nf', 'ok']);
    expect(room.moved.get('g')).toEqual({ x: 300 + 260, y: 0 });
    expect(room.moved.get('ok')).toEqual({ x: 600 + 260, y: -80 });
  });

  it('moves nothing when there is room already', () => {
    const wide = [at('r', 0, 0), at('g', 1000, 0), at('ok', 1300, 0), at('nf', 1300, 200)];
    expect(roomForInsertion(wide, edges, { source: 'r', target: 'g' }, { x: 400, y: 50 })).toEqual({ at: { x: 400, y: 0 }, moved: new Map() });
  });
});
