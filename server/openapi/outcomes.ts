import { compileApi } from '../../shared/compile/compile.js';
import type { ApiDefinition } from '../../shared/model/api.js';
import { compiledPlanOf } from '../runtime/route-table.js';

/** How a flow can end, read from its terminal nodes. */
export type FlowEnding =
  | { kind: 'respond'; key: string; status: number; headers: string[]; hasBody: boolean }
  | { kind: 'redirect'; key: string; status: number }
  | { kind: 'fail'; key: string; status: number; code: string };

/** By the served version's definition (the same object while its route is served): a document rebuilt after one publish compiles that API's flow only. */
const endingsOf = new WeakMap<ApiDefinition, readonly FlowEnding[]>();

/**
 * The terminal nodes the Request node reaches, from the compiled plan (which holds only reachable
 * nodes, each config with its defaults). A version that does not compile is never served, so it has none.
 */
export function flowEndings(definition: ApiDefinition): readonly FlowEnding[] {
  let endings = endingsOf.get(definition);
  if (!endings) endingsOf.set(definition, (endings = compiledEndings(definition)));
  return endings;
}

function compiledEndings(definition: ApiDefinition): FlowEnding[] {
  // The runtime's plan of the served version when it holds one: compiling it again was a third compile per publish.
  let plan = compiledPlanOf(definition);
  if (!plan) {
    const result = compileApi(definition);
    if (!result.ok) return [];
    plan = result.plan;
  }
  const endings: FlowEnding[] = [];
  for (const node of plan.nodes) {
    const status = Number(node.config.status);
    if (node.type === 'respond') {
      const headers = Object.keys((node.config.headers as Record<string, string> | undefined) ?? {});
      const body = typeof node.config.body === 'string' ? node.config.body.trim() : '';
      endings.push({ kind: 'respond', key: node.key, status, headers, hasBody: body !== '' && status !== 204 });
    } else if (node.type === 'redirect') {
      endings.push({ kind: 'redirect', key: node.key, status });
    } else if (node.type === 'fail') {
      endings.push({ kind: 'fail', key: node.key, status, code: String(node.config.code) });
    }
  }
  return endings;
}
