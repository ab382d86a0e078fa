import { describe, expect, it } from 'vitest';
import { compileApi } from '../../../shared/compile/compile.js';
import { ApiDefinition, FlowNode } from '../../../shared/model/api.js';
import { WORKSPACE_FILE_FORMAT, WORKSPACE_FILE_VERSION, WorkspaceFile } from '../../../shared/model/workspace-file.js';
import { nodeDefinition } from '../../../shared/nodes/registry.js';
import { compile, edge, GET_USER, node, onlyProblem, planOf } from './helpers.js';

const request = node('req', 'request', 'request');
const done = node('done', 'respond', 'done');
const versioned = (version: number) => ({ ...node('x', 'transform', 'later'), typeVersion: version });

describe('typeVersion of flow nodes', () => {
  it('is 1 when the JSON has none, as every node saved before versions existed', () => {
    expect(FlowNode.parse({ id: 'n1', type: 'request', key: 'request' }).typeVersion).toBe(1);
    const parsed = ApiDefinition.parse(GET_USER);
    expect(parsed.flow.nodes.map((flowNode) => flowNode.typeVersion)).toEqual([1, 1, 1, 1]);
  });

  it('is kept through parsing, and through a workspace file', () => {
    const withVersion = { ...GET_USER, flow: { ...GET_USER.flow, nodes: GET_USER.flow.nodes.map((flowNode) => ({ ...flowNode, typeVersion: 1 })) } };
    expect(ApiDefinition.parse(JSON.parse(JSON.stringify(ApiDefinition.parse(withVersion))))).toEqual(ApiDefinition.parse(withVersion));
    const file = WorkspaceFile.parse({
      format: WORKSPACE_FILE_FORMAT,
      version: WORKSPACE_FILE_VERSION,
      exportedAt: '2026-01-01T00:00:00.000Z',
      apis: [{ ...GET_USER, id: 'api_1', versions: [{ version: 1, definition: GET_USER }], deployments: [] }],
      environments: [],
      keyGroups: [],
    });
    expect(file.apis[0]?.flow.nodes[1]?.typeVersion).toBe(1);
    expect(file.apis[0]?.versions[0]?.definition.flow.nodes[1]?.typeVersion).toBe(1);
  });

  it('must be a whole number from 1', () => {
    for (const typeVersion of [0, 1.5, '1']) expect(FlowNode.safeParse({ id: 'n1', type: 'request', key: 'request', typeVersion }).success).toBe(false);
  });

  it('goes into the plan, so the server runs the executor of that version', () => {
    const plan = planOf(compileApi(ApiDefinition.parse(GET_USER)));
    expect(plan.nodes.map((planNode) => planNode.typeVersion)).toEqual([1, 1, 1, 1]);
  });

  it('counts as 1 on a stored node that lacks it (read without parsing)', () => {
    const stored = ApiDefinition.parse(GET_USER);
    for (const flowNode of stored.flow.nodes) delete (flowNode as Partial<FlowNode>).typeVersion;
    expect(planOf(compileApi(stored)).nodes.map((planNode) => planNode.typeVersion)).toEqual([1, 1, 1, 1]);
  });

  it('is a compile problem naming the node when newer than this Flowgate knows', () => {
    const current = nodeDefinition('transform')?.version ?? 0;
    const result = compile([request, versioned(current + 1), done], [edge('e1', 'req', 'out', 'x'), edge('e2', 'x', 'out', 'done')]);
    expect(result.ok).toBe(false);
    const problem = onlyProblem(result, 'unknown_type_version');
    expect(problem).toMatchObject({ severity: 'error', nodeId: 'x' });
    expect(problem.message).toBe(
      `Node "later" (transform) is version ${current + 1} of "transform", but this Flowgate knows versions up to ${current}; update Flowgate to run it, or replace the node from the palette`,
    );
  });

  it('compiles at the current version', () => {
    const current = nodeDefinition('transform')?.version ?? 0;
    expect(compile([request, versioned(current), done], [edge('e1', 'req', 'out', 'x'), edge('e2', 'x', 'out', 'done')]).ok).toBe(true);
  });
});
