import { analyzeExpression } from './expressions.js';
import { functionFindings, type ExpressionFinding } from './functions.js';
import { plainSyntaxError } from './plain-errors.js';

/** Findings depend only on the AST, which the analysis cache keeps alive: remembered per AST. */
const byAst = new WeakMap<object, ExpressionFinding[]>();

/**
 * What is wrong in an expression's own text, in plain words with the place to underline: a parse error,
 * an unknown function or a built-in given the wrong number of arguments. The compiler and the editor's
 * expression fields both ask this, so what is underlined while typing is what refuses to publish.
 */
export function expressionFindings(source: string): ExpressionFinding[] {
  if (source.trim() === '') return [];
  const analysis = analyzeExpression(source);
  if (!analysis.ok) return [plainSyntaxError(source, analysis)];
  const { ast } = analysis;
  if (typeof ast !== 'object' || ast === null) return [];
  let findings = byAst.get(ast);
  if (!findings) {
    findings = functionFindings(ast);
    byAst.set(ast, findings);
  }
  return findings;
}
