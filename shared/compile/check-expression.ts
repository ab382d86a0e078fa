import type { FlowNode } from '../model/api.js';
import { shorten } from '../nodes/types.js';
import { expressionFindings } from './expression-findings.js';
import { analyzeExpression } from './expressions.js';
import type { CompileProblem } from './plan.js';
import { error, nodeName, warning } from './problems.js';
import { referenceFindings } from './references.js';
import type { FlowShapes } from './shapes.js';

/** What an expression may name: the endpoint's path parameters, the keys of the flow's nodes and what each holds. */
export type ExpressionScope = {
  path: string;
  pathParams: readonly string[];
  stepKeys: ReadonlySet<string>;
  shapes: FlowShapes;
  /** A stored, already published version: what only these checks refuse (see CompileOptions) is a warning. */
  published: boolean;
};

/** Refusals added after versions were published with them; such a version still loads, with a warning. */
const LATER_CHECKS = new Set(['unknown_function', 'wrong_arity', 'unknown_step']);

type ExpressionSite = { node: FlowNode; scope: ExpressionScope; problems: CompileProblem[] };

/**
 * Checks that a field's JSONata parses, calls functions that exist with the arguments they take, and names
 * only path parameters and steps that exist (and fields their shapes have), each said in plain words.
 */
export function checkExpression(source: string, fieldPath: string, site: ExpressionSite): void {
  const { node, scope, problems } = site;
  const where = `${nodeName(node)}, field "${fieldPath}"`;
  const at = { nodeId: node.id, field: fieldPath };
  const analysis = analyzeExpression(source);
  for (const finding of expressionFindings(source)) {
    const shown = finding.code === 'invalid_expression' ? ` in "${shorten(source, 60)}"` : '';
    // A parse error keeps JSONata's position (where it stopped); other findings point at their name's start.
    const position = analysis.ok ? finding.from : analysis.position;
    const report = scope.published && LATER_CHECKS.has(finding.code) ? warning : error;
    problems.push(report(finding.code, `${where}: ${finding.message}${shown}`, { ...at, position }));
  }
  if (!analysis.ok) return;
  const reported = new Set<string>();
  for (const [root, second, third] of analysis.paths) {
    if (root === 'request' && second === 'params' && third !== undefined && !scope.pathParams.includes(third)) {
      if (reported.has(`param:${third}`)) continue;
      reported.add(`param:${third}`);
      const known = scope.pathParams.length > 0 ? `its parameters: ${scope.pathParams.join(', ')}` : 'it has none';
      problems.push(error('unknown_path_param', `${where}: request.params.${third} is not a parameter of the path "${scope.path}" (${known}); add ":${third}" to the path or fix the name`, at));
    }
  }
  for (const finding of referenceFindings(source, analysis.paths, scope.shapes, scope.stepKeys)) {
    if (reported.has(finding.message)) continue;
    reported.add(finding.message);
    const report = finding.severity === 'error' && !(scope.published && LATER_CHECKS.has(finding.code)) ? error : warning;
    problems.push(report(finding.code, `${where}: ${finding.message}`, { ...at, ...(finding.from === undefined ? {} : { position: finding.from }) }));
  }
}
