import { anyObject, arrayOf, fieldShape, mergeShapes, objectAt, objectOf, scalar, UNKNOWN, type Shape } from '../nodes/shape.js';
import { analyzeExpression } from './expressions.js';
import { JSONATA_FUNCTIONS, readSignature } from './jsonata-functions.js';

/** The shape of what a chain of names from the root reads (`['steps', 'user', 'email']`). */
export type RootResolver = (names: readonly string[]) => Shape;

type AstNode = Record<string, unknown> & { type?: unknown; value?: unknown };
const isNode = (value: unknown): value is AstNode => typeof value === 'object' && value !== null && !(value instanceof RegExp);

/** Where names are read from: the root (request, token, env, steps) or the value a path step is at. */
type Context = { kind: 'root' } | { kind: 'value'; shape: Shape };
const ROOT: Context = { kind: 'root' };

const RETURNS: Readonly<Record<string, Shape>> = {
  s: scalar('string'),
  n: scalar('number'),
  b: scalar('boolean'),
  a: arrayOf(UNKNOWN),
  o: anyObject(),
};
const FUNCTION_RESULTS = new Map(
  Object.entries(JSONATA_FUNCTIONS).map(([name, { signature }]) => [name, RETURNS[readSignature(signature).returns ?? ''] ?? UNKNOWN]),
);

const OPERATORS: Readonly<Record<string, Shape>> = {
  '&': scalar('string'),
  '+': scalar('number'), '-': scalar('number'), '*': scalar('number'), '/': scalar('number'), '%': scalar('number'),
  '=': scalar('boolean'), '!=': scalar('boolean'), '<': scalar('boolean'), '<=': scalar('boolean'), '>': scalar('boolean'), '>=': scalar('boolean'),
  and: scalar('boolean'), or: scalar('boolean'), in: scalar('boolean'),
  '..': arrayOf(scalar('number')),
};

/**
 * A cheap guess at what a JSONata expression gives, from its syntax: object constructors, paths, literals,
 * operators and built-in functions' return types. Anything else is unknown; nothing is evaluated.
 */
export function inferExpressionShape(source: unknown, resolve: RootResolver): Shape {
  if (typeof source !== 'string' || source.trim() === '') return UNKNOWN;
  const trimmed = source.trim();
  const analysis = analyzeExpression(trimmed);
  if (!analysis.ok) return UNKNOWN;
  // Plain paths and literals skip the parser: their one reference, or the literal itself, says it all.
  if (analysis.ast === undefined) return analysis.paths[0] ? resolve(analysis.paths[0]) : literalShape(trimmed);
  return infer(analysis.ast, ROOT, resolve);
}

function literalShape(source: string): Shape {
  if (source === 'null') return scalar('null');
  if (source === 'true' || source === 'false') return scalar('boolean');
  if (/^[\d-]/.test(source)) return scalar('number');
  if (source.startsWith('{')) return objectOf({});
  if (source.startsWith('[')) return arrayOf(UNKNOWN);
  return scalar('string');
}

function infer(node: unknown, context: Context, resolve: RootResolver): Shape {
  if (!isNode(node)) return UNKNOWN;
  switch (node.type) {
    case 'string':
      return scalar('string');
    case 'number':
      return scalar('number');
    case 'value':
      return node.value === null ? scalar('null') : typeof node.value === 'boolean' ? scalar('boolean') : UNKNOWN;
    case 'path':
      return Array.isArray(node.steps) && node.group === undefined ? inferPath(node.steps, context, resolve) : node.group === undefined ? UNKNOWN : anyObject();
    case 'unary':
      if (node.value === '{') return inferObject(node.lhs, context, resolve);
      if (node.value === '[') return inferArray(node.expressions, context, resolve);
      return node.value === '-' ? scalar('number') : UNKNOWN;
    case 'binary':
      if (node.value === '??' || node.value === '?:') return mergeShapes(infer(node.lhs, context, resolve), infer(node.rhs, context, resolve));
      return OPERATORS[String(node.value)] ?? UNKNOWN;
    case 'condition':
      return mergeShapes(infer(node.then, context, resolve), node.else === undefined ? scalar('null') : infer(node.else, context, resolve));
    case 'block':
      return Array.isArray(node.expressions) && node.expressions.length > 0 ? infer(node.expressions[node.expressions.length - 1], context, resolve) : UNKNOWN;
    case 'bind':
      return infer(node.rhs, context, resolve);
    case 'function':
      return functionResult(node.procedure);
    case 'apply':
      return isNode(node.rhs) && node.rhs.type === 'function' ? functionResult(node.rhs.procedure) : UNKNOWN;
    case 'variable':
      return node.value === '' || node.value === '$' ? contextShape(context, resolve) : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

function functionResult(procedure: unknown): Shape {
  return isNode(procedure) && procedure.type === 'variable' && typeof procedure.value === 'string' ? (FUNCTION_RESULTS.get(procedure.value) ?? UNKNOWN) : UNKNOWN;
}

/** What `$` is: the root as an open object when the context is the root (its fields are looked up by name). */
const contextShape = (context: Context, resolve: RootResolver): Shape =>
  context.kind === 'value' ? context.shape : anyObject({ request: resolve(['request']), token: resolve(['token']), env: resolve(['env']) });

function inferObject(pairs: unknown, context: Context, resolve: RootResolver): Shape {
  if (!Array.isArray(pairs)) return UNKNOWN;
  const fields: Record<string, Shape> = {};
  let open = false;
  for (const pair of pairs) {
    if (!Array.isArray(pair)) continue;
    const [key, value] = pair as unknown[];
    if (isNode(key) && key.type === 'string' && typeof key.value === 'string') fields[key.value] = infer(value, context, resolve);
    else open = true;
  }
  return objectOf(fields, open);
}

function inferArray(items: unknown, context: Context, resolve: RootResolver): Shape {
  if (!Array.isArray(items) || items.length === 0) return arrayOf(UNKNOWN);
  const shapes = items.map((item) => infer(item, context, resolve));
  return arrayOf(shapes.slice(1).reduce((merged, shape) => mergeShapes(merged, shape), shapes[0]!));
}

/** A path: the first step is read from the context, each name after it from the value before, mapping over arrays as JSONata does. */
function inferPath(steps: unknown[], context: Context, resolve: RootResolver): Shape {
  let current: Shape | undefined;
  let names: string[] | undefined = context.kind === 'root' ? [] : undefined;
  // `$.request…` and `$$.request…` read from the root like `request…`.
  let offset = 0;
  for (const [index, step] of steps.entries()) {
    if (!isNode(step)) return UNKNOWN;
    const stages = Array.isArray(step.stages) ? step.stages : [];
    if (index === 0 && step.type === 'variable' && (step.value === '' || step.value === '$') && stages.length === 0) {
      offset = 1;
      if (step.value === '$') names = [];
      continue;
    }
    if (step.type === 'name' && typeof step.value === 'string') {
      if (names && index - offset === names.length) {
        names.push(step.value);
        current = undefined;
      } else {
        current = fieldShape(current ?? contextShape(context, resolve), step.value) ?? UNKNOWN;
      }
    } else {
      const base: Shape = current ?? (names && names.length > 0 ? resolve(names) : contextShape(context, resolve));
      names = undefined;
      const mapped = infer(step, { kind: 'value', shape: objectAt(base) }, resolve);
      current = base.type === 'array' && mapped.type !== 'array' ? arrayOf(mapped) : mapped;
    }
    if (stages.length > 0) {
      const base: Shape = current ?? (names && names.length > 0 ? resolve(names) : UNKNOWN);
      names = undefined;
      current = stages.some((stage) => isNode(stage) && isNode(stage.expr) && stage.expr.type === 'number') && base.type === 'array' ? base.items : base;
    }
  }
  if (current) return current;
  return names && names.length > 0 ? resolve(names) : UNKNOWN;
}
