import { fieldValueProblem } from '../../shared/nodes/field-values.js';
import { entryNameRule, type ConfigField, type FieldValue } from '../../shared/nodes/fields.js';
import { effectiveConfig, type NodeDefinition } from '../../shared/nodes/types.js';
import { ruleProblems } from '../../shared/rules-read.js';
import { rulesSource, type ConditionRules } from '../../shared/rules.js';
import { compileExpression, compileExpressionMap, type Evaluator, type MapEvaluator } from '../runtime/expressions.js';
import { compileSchema, type SchemaCheck } from '../runtime/schemas.js';
import { asHeaders } from './support.js';
import { NodeFailure } from './types.js';

/** Header values as text; entries that give nothing (undefined, null) are left out. */
export type HeaderEvaluator = (scope: Parameters<Evaluator>[0]) => Record<string, string> | Promise<Record<string, string>>;

/** What an executor gets for a field: expressions and schemas compiled at publish, every other kind its checked value. */
export type PreparedValue<F extends ConfigField> = F extends { kind: 'expression' | 'condition' }
  ? Evaluator
  : F extends { kind: 'expressionMap' }
    ? MapEvaluator
    : F extends { kind: 'headerMap' }
      ? HeaderEvaluator
      : F extends { kind: 'jsonSchema' }
        ? SchemaCheck
        : FieldValue<F>;

/** A node's config as its executor receives it: typed by its definition's fields, defaulted and compiled. */
export type PreparedConfig<D extends Pick<NodeDefinition, 'fields'>> = {
  readonly [F in D['fields'][number] as F['name']]: PreparedValue<F>;
};

/**
 * Builds the config an executor runs with from a plan node's config: defaults filled, every value
 * checked against its field (the same rule the compiler applies), expressions and schemas compiled.
 * Throws NodeFailure for a value that does not fit, so a bad plan fails at publish, not per request.
 */
export function prepareConfig(definition: NodeDefinition, config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const values = effectiveConfig(definition, config);
  const prepared: Record<string, unknown> = {};
  for (const field of definition.fields) {
    const value = values[field.name];
    const problem = fieldValueProblem(field, value);
    if (problem) throw new NodeFailure('invalid_config', `${field.name} ${problem.rule}`);
    prepared[field.name] = prepareValue(field, value);
  }
  return prepared;
}

function prepareValue(field: ConfigField, value: unknown): unknown {
  switch (field.kind) {
    case 'expression':
      return compileExpression(value as string, field.name);
    case 'condition':
      return compileExpression(typeof value === 'string' ? value : checkedRules(field.name, value as ConditionRules), field.name);
    case 'expressionMap':
      return compileExpressionMap(checkedNames(field, value as Record<string, string>), field.name);
    case 'headerMap':
      return compileHeaderMap(checkedNames(field, value as Record<string, string>), field.name);
    case 'jsonSchema':
      try {
        return compileSchema(value as Record<string, unknown>);
      } catch (error) {
        throw new NodeFailure('invalid_schema', `${field.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    default:
      return value;
  }
}

/** Rules as the JSONata they compile to; a rule the compiler would refuse fails here too. */
function checkedRules(name: string, set: ConditionRules): string {
  const problem = ruleProblems(set)[0];
  if (problem) throw new NodeFailure('invalid_config', `${name}, rule ${problem.index + 1}: ${problem.message}`);
  return rulesSource(set);
}

function checkedNames(field: Extract<ConfigField, { kind: 'expressionMap' | 'headerMap' }>, map: Record<string, string>): Record<string, string> {
  const rule = entryNameRule(field);
  const bad = Object.keys(map).find((name) => !rule.regex.test(name));
  if (bad !== undefined) throw new NodeFailure('invalid_config', `${field.name}: "${bad}" is not a valid name: ${rule.message}`);
  return map;
}

function compileHeaderMap(map: Record<string, string>, field: string): HeaderEvaluator {
  const values = compileExpressionMap(map, field);
  return (scope) => {
    const evaluated = values(scope);
    return evaluated instanceof Promise ? evaluated.then(asHeaders) : asHeaders(evaluated);
  };
}
