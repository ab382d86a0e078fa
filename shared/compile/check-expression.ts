import type { FlowNode } from '../model/api.js';
import { shorten } from '../nodes/types.js';
import { analyzeExpression } from './expressions.js';
import type { CompileProblem } from './plan.js';
import { error, nodeName, warning } from './problems.js';

/** What an expression may name: the endpoint's path parameters and the keys of the flow's nodes. */
export type ExpressionScope = {
  path: string;
  pathParams: readonly string[];
  stepKeys: ReadonlySet<string>;
};

type ExpressionSite = { node: FlowNode; scope: ExpressionScope; problems: CompileProblem[] };

/** Checks that a field's JSONata parses and names only path parameters and steps that exist. */
export function checkExpression(source: string, fieldPath: string, site: ExpressionSite): void {
  const { node, scope, problems } = site;
  const where = `${nodeName(node)}, field "${fieldPath}"`;
  const at = { nodeId: node.id, field: fieldPath };
  const analysis = analyzeExpression(source);
  if (!analysis.ok) {
    problems.push(error('invalid_expression', `${where}: expression "${shorten(source, 60)}": ${analysis.message} at position ${analysis.position}`, { ...at, position: analysis.position }));
    return;
  }
  const reported = new Set<string>();
  for (const [root, second, third] of analysis.paths) {
    if (root === 'request' && second === 'params' && third !== undefined && !scope.pathParams.includes(third)) {
      if (reported.has(`param:${third}`)) continue;
      reported.add(`param:${third}`);
      const known = scope.pathParams.length > 0 ? `its parameters: ${scope.pathParams.join(', ')}` : 'it has none';
      problems.push(error('unknown_path_param', `${where}: request.params.${third} is not a parameter of the path "${scope.path}" (${known}); add ":${third}" to the path or fix the name`, at));
    }
    if (root === 'steps' && second !== undefined && !scope.stepKeys.has(second)) {
      if (reported.has(`step:${second}`)) continue;
      reported.add(`step:${second}`);
      problems.push(warning('unknown_step', `${where}: steps.${second} is not the key of any node in this flow, so it reads nothing`, at));
    }
  }
}
