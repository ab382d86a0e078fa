import { typeVersionOf, type FlowNode } from '../model/api.js';
import { fieldValueProblem } from '../nodes/field-values.js';
import { entryNameRule, isFieldShown, type ConfigField, type ConfigOf } from '../nodes/fields.js';
import { ruleProblems } from '../rules-read.js';
import { ruleSource, type ConditionRules } from '../rules.js';
import { effectiveConfig, shorten, type NodeDefinition } from '../nodes/types.js';
import { checkExpression, type ExpressionScope } from './check-expression.js';
import type { CompileProblem } from './plan.js';
import { error, nodeName, warning } from './problems.js';
import { schemaProblem } from './schemas.js';

type FieldSite = { node: FlowNode; field: ConfigField; scope: ExpressionScope; problems: CompileProblem[] };

/** Fills a node's defaults and checks each shown field, then the definition's own check. */
export function checkNodeConfig(
  node: FlowNode,
  definition: NodeDefinition,
  scope: ExpressionScope,
): { config: Record<string, unknown>; problems: CompileProblem[] } {
  const config = effectiveConfig(definition, node.config);
  const problems: CompileProblem[] = [];
  let shapesOk = true;
  for (const field of definition.fields) {
    if (!isFieldShown(field, config)) continue;
    shapesOk = checkField(config[field.name], { node, field, scope, problems }) && shapesOk;
  }
  // The definition's check reads the values as their kinds promise; with a value of the wrong kind it would only add noise.
  if (definition.check && shapesOk) {
    for (const found of definition.check(config as ConfigOf<typeof definition.fields>)) {
      const code = found.severity === 'error' ? 'invalid_config' : 'config_warning';
      const at = { nodeId: node.id, ...(found.field === undefined ? {} : { field: found.field }) };
      problems.push((found.severity === 'error' ? error : warning)(code, `${nodeName(node)}: ${found.message}`, at));
    }
  }
  return { config, problems };
}

/** Reports what is wrong with one field's value; false when its value is not of the field's kind. */
function checkField(value: unknown, site: FieldSite): boolean {
  const { field } = site;
  const problem = fieldValueProblem(field, value);
  if (problem?.code === 'required_field') {
    report(site, 'required_field', `"${field.label}" ${problem.rule}`);
    return false;
  }
  if (problem) {
    const shown = typeof value === 'string' ? `"${shorten(value, 30)}"` : shorten(value, 30) || 'empty';
    report(site, 'invalid_value', `"${field.label}" ${problem.rule} (it is ${shown})`);
    return false;
  }
  switch (field.kind) {
    case 'expression':
      if (typeof value === 'string' && value.trim() !== '') checkExpression(value, field.name, site);
      return true;
    case 'expressionMap':
    case 'headerMap':
      checkMapEntries(value as Record<string, string>, field, site);
      return true;
    case 'jsonSchema': {
      const schema = schemaProblem(value);
      if (schema) report(site, 'invalid_schema', `"${field.label}" is not a valid JSON Schema: ${schema}`);
      return true;
    }
    case 'condition':
      if (typeof value === 'string') checkExpression(value, field.name, site);
      else checkRules(value as ConditionRules, site);
      return true;
    default:
      return true;
  }
}

function checkMapEntries(map: Record<string, string>, field: Extract<ConfigField, { kind: 'expressionMap' | 'headerMap' }>, site: FieldSite): void {
  const names = entryNameRule(field);
  for (const [name, source] of Object.entries(map)) {
    const fieldPath = `${field.name}.${name}`;
    if (!names.regex.test(name)) {
      report(site, 'invalid_value', `"${field.label}" has an invalid name "${name}": ${names.message}`, fieldPath);
    } else if (source.trim() === '') {
      report(site, 'required_field', `"${field.label}" → "${name}" needs an expression; fill it in or remove the entry`, fieldPath);
    } else {
      checkExpression(source, fieldPath, site);
    }
  }
}

/** Each rule on its own row (`<field>.rules.<n>`): what it lacks, else what its JSONata reads that may not exist. */
function checkRules(set: ConditionRules, site: FieldSite): void {
  const { field } = site;
  // Version 1 nodes left without an expression ran as always true, and still do.
  if (set.rules.length === 0 && typeVersionOf(site.node) > 1) report(site, 'required_field', `"${field.label}" needs a rule; add one, or switch to an expression`);
  const faulty = new Set<number>();
  for (const problem of ruleProblems(set)) {
    faulty.add(problem.index);
    report(site, 'invalid_value', `"${field.label}", rule ${problem.index + 1}: ${problem.message}`, `${field.name}.rules.${problem.index}`);
  }
  set.rules.forEach((rule, index) => {
    if (!faulty.has(index)) checkExpression(ruleSource(rule), `${field.name}.rules.${index}`, site);
  });
}

function report(site: FieldSite, code: 'required_field' | 'invalid_value' | 'invalid_schema', message: string, field = site.field.name): void {
  site.problems.push(error(code, `${nodeName(site.node)}: ${message}`, { nodeId: site.node.id, field }));
}
