import type { FlowNode } from '../model/api.js';
import { isFieldShown, shorten, withDefaults, type ConfigField, type NodeDefinition } from '../nodes/types.js';
import { checkExpression, type ExpressionScope } from './check-expression.js';
import type { CompileProblem } from './plan.js';
import { error, nodeName, warning } from './problems.js';
import { schemaProblem } from './schemas.js';

/** Names in an expressionMap: headers must be HTTP header names (RFC 9110 tokens); other maps any name without surrounding spaces. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const MAP_ENTRY_NAME = /^\S(?:.*\S)?$/;

type FieldSite = { node: FlowNode; field: ConfigField; scope: ExpressionScope; problems: CompileProblem[] };

/** Fills a node's defaults and checks each shown field, then the definition's own check. */
export function checkNodeConfig(
  node: FlowNode,
  definition: NodeDefinition,
  scope: ExpressionScope,
): { config: Record<string, unknown>; problems: CompileProblem[] } {
  const config = withDefaults(definition, node.config);
  const problems: CompileProblem[] = [];
  let shapesOk = true;
  for (const field of definition.fields) {
    if (!isFieldShown(field, config)) continue;
    shapesOk = checkField(config[field.name], { node, field, scope, problems }) && shapesOk;
  }
  // The definition's check reads the values as their kinds promise; with a value of the wrong kind it would only add noise.
  if (definition.check && shapesOk) {
    for (const found of definition.check(config)) {
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
  const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  if (empty && field.required) {
    report(site, 'required_field', `"${field.label}" is required`);
    return false;
  }
  // An empty optional expression or text means "none".
  if (empty && typeof value === 'string' && (field.kind === 'expression' || field.kind === 'text')) return true;
  switch (field.kind) {
    case 'expression':
      if (typeof value !== 'string') return invalid(site, 'must be a JSONata expression (text)', value);
      checkExpression(value, field.name, site);
      return true;
    case 'text':
      if (typeof value !== 'string') return invalid(site, 'must be text', value);
      if (field.pattern && !field.pattern.regex.test(value)) return invalid(site, `is not valid: ${field.pattern.message}`, value);
      return true;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return invalid(site, 'must be a whole number', value);
      if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max)) {
        return invalid(site, `must be ${range(field.min, field.max)}`, value);
      }
      return true;
    case 'boolean':
      return typeof value === 'boolean' || invalid(site, 'must be true or false', value);
    case 'select':
      if (field.options.some((option) => option.value === value)) return true;
      return invalid(site, `must be one of ${field.options.map((option) => JSON.stringify(option.value)).join(', ')}`, value);
    case 'expressionMap':
      return checkExpressionMap(value, site);
    case 'jsonSchema': {
      if (!isPlainObject(value)) return invalid(site, 'must be a JSON Schema object, like {"type": "object"}', value);
      const problem = schemaProblem(value);
      if (problem) report(site, 'invalid_schema', `"${field.label}" is not a valid JSON Schema: ${problem}`);
      return true;
    }
  }
}

function checkExpressionMap(value: unknown, site: FieldSite): boolean {
  const { field } = site;
  if (!isPlainObject(value)) return invalid(site, 'must be an object of names to JSONata expressions', value);
  const entries = Object.entries(value);
  if (entries.some(([, source]) => typeof source !== 'string')) return invalid(site, 'must map each name to a JSONata expression (text)', value);
  const isHeaders = field.name === 'headers';
  for (const [name, source] of entries as [string, string][]) {
    const fieldPath = `${field.name}.${name}`;
    if (!(isHeaders ? HEADER_NAME : MAP_ENTRY_NAME).test(name)) {
      const rule = isHeaders ? 'a header name holds letters, digits and !#$%&\'*+-.^_`|~, without spaces' : 'a name must not be empty or start or end with a space';
      report(site, 'invalid_value', `"${field.label}" has an invalid name "${name}": ${rule}`, fieldPath);
    } else if (source.trim() === '') {
      report(site, 'required_field', `"${field.label}" → "${name}" needs an expression; fill it in or remove the entry`, fieldPath);
    } else {
      checkExpression(source, fieldPath, site);
    }
  }
  return true;
}

function invalid(site: FieldSite, rule: string, value: unknown): false {
  const shown = typeof value === 'string' ? `"${shorten(value, 30)}"` : shorten(value, 30) || 'empty';
  report(site, 'invalid_value', `"${site.field.label}" ${rule} (it is ${shown})`);
  return false;
}

function report(site: FieldSite, code: 'required_field' | 'invalid_value' | 'invalid_schema', message: string, field = site.field.name): void {
  site.problems.push(error(code, `${nodeName(site.node)}: ${message}`, { nodeId: site.node.id, field }));
}

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  return min !== undefined ? `at least ${min}` : `at most ${String(max)}`;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
