import { describe, expect, it } from 'vitest';
import { compile, edge, node, onlyProblem, problemsWith } from './helpers.js';

const request = node('req', 'request', 'request');
const done = node('done', 'respond', 'done');

describe('compileApi: nodes', () => {
  it('rejects a node of an unknown type', () => {
    const result = compile([request, node('x', 'teleport', 'beamUp'), done], [edge('e1', 'req', 'out', 'x'), edge('e2', 'x', 'out', 'done')]);
    expect(result.ok).toBe(false);
    const problem = onlyProblem(result, 'unknown_node_type');
    expect(problem).toMatchObject({ severity: 'error', nodeId: 'x' });
    expect(problem.message).toContain('"teleport"');
    // Its edges still count, so what follows it is not reported unreachable.
    expect(problemsWith(result, 'unreachable')).toEqual([]);
  });

  it('rejects a flow without a Request node', () => {
    const result = compile([done], []);
    expect(result.ok).toBe(false);
    expect(onlyProblem(result, 'no_request').severity).toBe('error');
  });

  it('rejects a second Request node, naming it', () => {
    const result = compile([request, node('req2', 'request', 'again'), done], [edge('e1', 'req', 'out', 'done'), edge('e2', 'req2', 'out', 'done')]);
    expect(onlyProblem(result, 'two_requests')).toMatchObject({ severity: 'error', nodeId: 'req2' });
  });

  it('rejects a node id used twice', () => {
    const result = compile([request, done, node('done', 'fail', 'oops')], [edge('e1', 'req', 'out', 'done')]);
    expect(onlyProblem(result, 'duplicate_node_id')).toMatchObject({ nodeId: 'done' });
  });

  it('rejects a key used twice, naming the later node', () => {
    const result = compile(
      [request, node('a', 'log', 'note'), node('b', 'log', 'note'), done],
      [edge('e1', 'req', 'out', 'a'), edge('e2', 'a', 'out', 'b'), edge('e3', 'b', 'out', 'done')],
    );
    const problem = onlyProblem(result, 'duplicate_key');
    expect(problem).toMatchObject({ nodeId: 'b', field: 'key' });
    expect(problem.message).toContain('node "a"');
  });

  it.each([
    ['', 'has no key'],
    ['my-user', 'must start with a letter'],
    ['1st', 'must start with a letter'],
    ['null', 'JSONata literal'],
    ['steps', 'reserved'],
    ['env', 'reserved'],
    ['request', 'reserved'],
  ])('rejects the key %j on a node other than Request', (key, says) => {
    const result = compile([request, node('x', 'respond', key)], [edge('e1', 'req', 'out', 'x')]);
    const problem = onlyProblem(result, 'invalid_key');
    expect(problem).toMatchObject({ severity: 'error', nodeId: 'x', field: 'key' });
    expect(problem.message).toContain(says);
  });

  it('lets the Request node use a context name as its key, but no literal', () => {
    expect(compile([node('req', 'request', 'start'), done], [edge('e1', 'req', 'out', 'done')]).ok).toBe(true);
    expect(compile([node('req', 'request', 'token'), done], [edge('e1', 'req', 'out', 'done')]).ok).toBe(true);
    const result = compile([node('req', 'request', 'true'), done], [edge('e1', 'req', 'out', 'done')]);
    expect(onlyProblem(result, 'invalid_key').nodeId).toBe('req');
  });
});

describe('compileApi: edges', () => {
  it('rejects an edge id used twice', () => {
    const result = compile([request, node('c', 'condition', 'check'), done, node('no', 'fail', 'no')], [
      edge('e1', 'req', 'out', 'c'), edge('e2', 'c', 'true', 'done'), edge('e2', 'c', 'false', 'no'),
    ]);
    expect(onlyProblem(result, 'duplicate_edge_id')).toMatchObject({ edgeId: 'e2' });
  });

  it('rejects an edge from or to a node that is not in the flow', () => {
    const result = compile([request, done], [edge('e1', 'req', 'out', 'done'), edge('e2', 'ghost', 'out', 'done'), edge('e3', 'done', 'out', 'phantom')]);
    const problems = problemsWith(result, 'missing_node');
    expect(problems.map((problem) => problem.edgeId)).toEqual(['e2', 'e3']);
    expect(problems[0]?.message).toContain('"ghost"');
    expect(problems[1]?.message).toContain('"phantom"');
  });

  it('rejects an edge from a port its node does not have', () => {
    const result = compile([request, node('user', 'record.get', 'user'), done, node('gone', 'fail', 'gone')], [
      edge('e1', 'req', 'out', 'user'), edge('e2', 'user', 'found', 'done'), edge('e3', 'user', 'missing', 'gone'), edge('e4', 'user', 'out', 'done'),
    ]);
    const problem = onlyProblem(result, 'unknown_port');
    expect(problem).toMatchObject({ edgeId: 'e4', nodeId: 'user', port: 'out' });
    expect(problem.message).toContain('found, missing');
  });

  it('rejects an edge into the Request node', () => {
    const result = compile([request, node('l', 'log', 'note'), done], [edge('e1', 'req', 'out', 'l'), edge('e2', 'l', 'out', 'req')]);
    expect(onlyProblem(result, 'no_input')).toMatchObject({ edgeId: 'e2', nodeId: 'req' });
    expect(problemsWith(result, 'cycle')).toEqual([]);
  });

  it('rejects an edge out of a terminal node', () => {
    const result = compile([request, done, node('end2', 'respond', 'end2')], [edge('e1', 'req', 'out', 'done'), edge('e2', 'done', 'out', 'end2')]);
    expect(onlyProblem(result, 'from_terminal')).toMatchObject({ edgeId: 'e2', nodeId: 'done' });
    expect(problemsWith(result, 'unreachable')).toEqual([]);
  });

  it('rejects two edges from one port', () => {
    const result = compile([request, done, node('other', 'respond', 'other')], [edge('e1', 'req', 'out', 'done'), edge('e2', 'req', 'out', 'other')]);
    const problem = onlyProblem(result, 'port_used_twice');
    expect(problem).toMatchObject({ edgeId: 'e2', nodeId: 'req', port: 'out' });
    expect(problem.message).toContain('"e1" and "e2"');
  });
});

describe('compileApi: paths through the flow', () => {
  it('reports the Request port of a flow that is only a Request node', () => {
    const result = compile([request], []);
    expect(result.ok).toBe(false);
    expect(onlyProblem(result, 'unconnected_port')).toMatchObject({ nodeId: 'req', port: 'out' });
  });

  it('names the port left unconnected', () => {
    const result = compile([request, node('user', 'record.get', 'user'), done], [edge('e1', 'req', 'out', 'user'), edge('e2', 'user', 'found', 'done')]);
    const problem = onlyProblem(result, 'unconnected_port');
    expect(problem).toMatchObject({ severity: 'error', nodeId: 'user', port: 'missing' });
    expect(problem.message).toBe('Node "user" (record.get): port "missing" is not connected; connect it to the node that should run next, or to a Respond, Redirect or Fail node');
  });

  it('rejects a loop, naming an edge and a node on it', () => {
    const result = compile(
      [request, node('c', 'condition', 'check'), node('l', 'log', 'again'), done],
      [edge('e1', 'req', 'out', 'c'), edge('e2', 'c', 'true', 'l'), edge('e3', 'l', 'out', 'c'), edge('e4', 'c', 'false', 'done')],
    );
    const problem = onlyProblem(result, 'cycle');
    expect(problem).toMatchObject({ severity: 'error', edgeId: 'e3', nodeId: 'l', port: 'out' });
    expect(problem.message).toContain('check → again → check');
  });

  it('rejects an edge from a node to itself', () => {
    const result = compile([request, node('c', 'condition', 'check'), done], [edge('e1', 'req', 'out', 'c'), edge('e2', 'c', 'true', 'c'), edge('e3', 'c', 'false', 'done')]);
    expect(onlyProblem(result, 'cycle')).toMatchObject({ edgeId: 'e2', nodeId: 'c' });
  });

  it('finds a loop among nodes the Request node does not reach', () => {
    const result = compile(
      [request, done, node('a', 'log', 'a'), node('b', 'log', 'b')],
      [edge('e1', 'req', 'out', 'done'), edge('e2', 'a', 'out', 'b'), edge('e3', 'b', 'out', 'a')],
    );
    expect(onlyProblem(result, 'cycle').edgeId).toBe('e3');
    expect(problemsWith(result, 'unreachable').map((problem) => problem.nodeId).sort()).toEqual(['a', 'b']);
  });

  it('rejects a node the Request node does not reach', () => {
    const result = compile([request, done, node('orphan', 'respond', 'orphan')], [edge('e1', 'req', 'out', 'done')]);
    expect(onlyProblem(result, 'unreachable')).toMatchObject({ severity: 'error', nodeId: 'orphan' });
  });
});
