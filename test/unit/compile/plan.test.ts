import { describe, expect, it } from 'vitest';
import { compileApi } from '../../../shared/compile/compile.js';
import { ApiDefinition } from '../../../shared/model/api.js';
import { compile, edge, GET_USER, node, planOf } from './helpers.js';

describe('compileApi: plans', () => {
  it('compiles the "Get user" example of the design', () => {
    const result = compileApi(ApiDefinition.parse(GET_USER));
    expect(result.problems).toEqual([]);
    const plan = planOf(result);
    expect(plan.start).toBe(0);
    expect(plan.nodes.map(({ id, key, type, next }) => ({ id, key, type, next }))).toEqual([
      { id: 'n1', key: 'request', type: 'request', next: { out: 1 } },
      { id: 'n2', key: 'user', type: 'record.get', next: { found: 2, missing: 3 } },
      { id: 'n3', key: 'ok', type: 'respond', next: {} },
      { id: 'n4', key: 'notFound', type: 'fail', next: {} },
    ]);
    expect(plan.nodes[2]?.config).toEqual({ status: 200, headers: {}, body: 'steps.user' });
  });

  it('orders nodes so each comes after every node that leads to it, whatever the order of the JSON', () => {
    // Both branches of the condition meet again at "merge".
    const result = compile(
      [
        node('merge', 'log', 'merge'), node('end', 'respond', 'end', { body: 'steps.merge' }), node('yes', 'set', 'yes'),
        node('c', 'condition', 'check', { expression: 'request.query.flag' }), node('req', 'request', 'request'), node('no', 'transform', 'no'),
      ],
      [
        edge('e5', 'merge', 'out', 'end'), edge('e3', 'yes', 'out', 'merge'), edge('e4', 'no', 'out', 'merge'),
        edge('e2', 'c', 'false', 'no'), edge('e1', 'req', 'out', 'c'), edge('e6', 'c', 'true', 'yes'),
      ],
    );
    const plan = planOf(result);
    const keys = plan.nodes.map((planNode) => planNode.key);
    expect(keys).toEqual(['request', 'check', 'yes', 'no', 'merge', 'end']);
    expect(plan.nodes[plan.start]?.type).toBe('request');
    for (const [index, planNode] of plan.nodes.entries()) {
      for (const target of Object.values(planNode.next)) expect(target).toBeGreaterThan(index);
    }
    expect(plan.nodes[1]?.next).toEqual({ true: 2, false: 3 });
  });

  it('compiles a chain of 1000 nodes', () => {
    const count = 1000;
    const nodes = [node('req', 'request', 'request')];
    const edges = [];
    for (let index = 0; index < count; index++) {
      const previous = index === 0 ? 'request.body' : `steps.t${index - 1}.value + ${index}`;
      nodes.push(node(`n${index}`, 'transform', `t${index}`, { expression: `{ "value": ${previous} }` }));
      edges.push(edge(`e${index}`, index === 0 ? 'req' : `n${index - 1}`, 'out', `n${index}`));
    }
    nodes.push(node('end', 'respond', 'end', { body: `steps.t${count - 1}` }));
    edges.push(edge('last', `n${count - 1}`, 'out', 'end'));
    // Reverse the JSON so the order comes from the edges, not the input.
    const plan = planOf(compile(nodes.reverse(), edges.reverse()));
    expect(plan.nodes).toHaveLength(count + 2);
    expect(plan.nodes[0]?.key).toBe('request');
    expect(plan.nodes[count + 1]?.key).toBe('end');
    plan.nodes.slice(0, -1).forEach((planNode, index) => expect(planNode.next).toEqual({ out: index + 1 }));
  });
});
