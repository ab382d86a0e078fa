import jsonata from 'jsonata';
import type { Plan } from '../../shared/compile/plan.js';
import { BODY_METHODS, type ApiDefinition } from '../../shared/model/api.js';
import { filterFieldsOf } from '../../shared/nodes/record-query-filter.js';
import { nodeDefinition } from '../../shared/nodes/registry.js';
import { effectiveConfig } from '../../shared/nodes/types.js';
import { rulesSource, type ConditionRules } from '../../shared/rules.js';
import { compileFast } from '../runtime/fast-expressions.js';

/**
 * Node types whose work is bounded by their inputs: no loop, no outbound call, no write. record.get
 * reads one row by key (and the listener's reader refuses big ones); record.query only as isBoundedQuery says.
 */
const BOUNDED_TYPES: ReadonlySet<string> = new Set(['request', 'respond', 'fail', 'redirect', 'transform', 'set', 'condition', 'record.get', 'record.query']);

/**
 * A record.query that may read one page by keys: version 2 (a cursor, never an offset), no count,
 * and a filter whose fields are written out (so an index can hold them). Whether the page is small
 * (and, on SQLite, whose reads are synchronous, whether an index is ready) is known only when it runs:
 * the listener's reader checks and otherwise sends the request to a worker (inline.ts).
 */
function isBoundedQuery(typeVersion: number, config: Record<string, unknown>): boolean {
  if (typeVersion < 2 || config.count === true) return false;
  return typeof config.filter === 'string' && filterFieldsOf(config.filter).kind === 'fields';
}

/** An expression compiled whole into the JSONata subset of fast-expressions.ts (or a literal): nothing in it can loop. */
function isFastExpression(source: string): boolean {
  const trimmed = source.trim();
  if (trimmed === '') return true;
  try {
    return compileFast(jsonata(trimmed).ast() as Parameters<typeof compileFast>[0]) !== null;
  } catch {
    return false;
  }
}

function fieldIsFast(kind: string, value: unknown): boolean {
  switch (kind) {
    case 'expression':
      return typeof value === 'string' && isFastExpression(value);
    case 'expressionMap':
    case 'headerMap':
      return typeof value === 'object' && value !== null && Object.values(value).every((source) => typeof source === 'string' && isFastExpression(source));
    case 'condition':
      if (typeof value === 'string') return isFastExpression(value);
      try {
        return isFastExpression(rulesSource(value as ConditionRules));
      } catch {
        return false;
      }
    case 'jsonSchema':
      return false;
    default:
      return true; // plain values: text, numbers, choices
  }
}

/**
 * Whether a plan provably cannot run long: a method without a body (nothing to parse), only bounded
 * node types, every expression in the compiled subset. Such a plan may run on the listener itself.
 */
export function isBoundedPlan(definition: ApiDefinition, plan: Plan): boolean {
  if (BODY_METHODS.has(definition.method)) return false;
  return plan.nodes.every((node) => {
    if (!BOUNDED_TYPES.has(node.type)) return false;
    const definitionOfNode = nodeDefinition(node.type);
    if (!definitionOfNode) return false;
    const config = effectiveConfig(definitionOfNode, node.config);
    if (node.type === 'record.query' && !isBoundedQuery(node.typeVersion, config)) return false;
    return definitionOfNode.fields.every((field) => fieldIsFast(field.kind, config[field.name]));
  });
}
