import { compileApi } from '../../../shared/compile/compile.js';
import type { CompileProblem, CompileResult, Plan } from '../../../shared/compile/plan.js';
import { ApiDefinition, type ApiDefinitionInput } from '../../../shared/model/api.js';

type NodeInput = { id: string; type: string; typeVersion?: number; key: string; config?: Record<string, unknown> };
type EdgeInput = { id: string; source: string; sourceHandle: string; target: string };

export const node = (id: string, type: string, key: string, config: Record<string, unknown> = {}): NodeInput => ({ id, type, key, config });
export const edge = (id: string, source: string, sourceHandle: string, target: string): EdgeInput => ({ id, source, sourceHandle, target });

/** The "Get user" example of DESIGN.md. */
export const GET_USER = {
  name: 'Get user',
  method: 'GET',
  path: '/users/:id',
  auth: { required: true, keyGroupIds: [], scopes: ['users:read'] },
  rateLimit: { requests: 100, perSeconds: 60 },
  flow: {
    nodes: [
      { id: 'n1', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'n2', type: 'record.get', key: 'user', position: { x: 240, y: 0 }, config: { collection: 'users', id: 'request.params.id' } },
      { id: 'n3', type: 'respond', key: 'ok', position: { x: 480, y: -80 }, config: { status: 200, body: 'steps.user' } },
      { id: 'n4', type: 'fail', key: 'notFound', position: { x: 480, y: 80 }, config: { status: 404, code: 'not_found', message: "'no user ' & request.params.id" } },
    ],
    edges: [
      { id: 'e1', source: 'n1', sourceHandle: 'out', target: 'n2' },
      { id: 'e2', source: 'n2', sourceHandle: 'found', target: 'n3' },
      { id: 'e3', source: 'n2', sourceHandle: 'missing', target: 'n4' },
    ],
  },
} satisfies ApiDefinitionInput;

/** Parses like the admin API does, then compiles. */
export function compile(nodes: NodeInput[], edges: EdgeInput[], endpoint: Partial<ApiDefinitionInput> = {}): CompileResult {
  return compileApi(ApiDefinition.parse({ name: 'Test', method: 'POST', path: '/items/:id', ...endpoint, flow: { nodes, edges } }));
}

/** A valid flow around one node under test: Request → subject → Respond (each of the subject's ports to its own Respond). */
export function compileOne(type: string, config: Record<string, unknown>, ports: readonly string[] = ['out'], endpoint: Partial<ApiDefinitionInput> = {}): CompileResult {
  const nodes = [node('req', 'request', 'request'), node('subject', type, 'subject', config)];
  const edges = [edge('e0', 'req', 'out', 'subject')];
  ports.forEach((port, index) => {
    nodes.push(node(`end${index}`, 'respond', `end${index}`));
    edges.push(edge(`e${index + 1}`, 'subject', port, `end${index}`));
  });
  return compile(nodes, edges, endpoint);
}

export function problemsWith(result: CompileResult, code: string): CompileProblem[] {
  return result.problems.filter((problem) => problem.code === code);
}

/** The only problem with this code, failing the test when there is not exactly one. */
export function onlyProblem(result: CompileResult, code: string): CompileProblem {
  const found = problemsWith(result, code);
  if (found.length !== 1) throw new Error(`expected one "${code}" problem, got ${JSON.stringify(result.problems, null, 2)}`);
  return found[0]!;
}

export function planOf(result: CompileResult): Plan {
  if (!result.ok) throw new Error(`expected the flow to compile, got ${JSON.stringify(result.problems, null, 2)}`);
  return result.plan;
}
