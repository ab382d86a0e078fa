import type { FlowScope } from '../../shared/model/runtime.js';
import { FALLBACK, FAST_FUNCTIONS } from './fast-functions.js';
import { isTruthy } from './truthy.js';

/**
 * A JavaScript closure for the JSONata forms builders write most — literals, plain paths, object
 * constructors, `&`, comparisons, and/or, the common functions of fast-functions.ts and `$now()` —
 * built from the parsed AST once at publish. Each returns
 * FALLBACK when a value at run time leaves the subset (e.g. a path through an array), and the caller
 * then asks JSONata, so results always match JSONata's. Nothing here loops, ranges, recurses or runs
 * a regex: the work is bounded by the expression and its inputs, so it needs no deadline checks (and
 * anything that would is not compiled here, but left to JSONata and its step hook).
 */
export { FALLBACK };
export type FastEval = (scope: FlowScope) => unknown;

type Node = { type: string; value?: unknown; steps?: Node[]; lhs?: unknown; rhs?: Node; expressions?: Node[] } & Record<string, unknown>;

const PLAIN_NODE_KEYS = new Set(['type', 'value', 'position']);
const isPlain = (node: Node): boolean => Object.keys(node).every((key) => PLAIN_NODE_KEYS.has(key));

/** `$now()` is one instant per evaluation, as in JSONata: taken at its first call, forgotten when the next evaluation starts. */
let evaluationNow: string | undefined;
const now: FastEval = () => (evaluationNow ??= new Date().toISOString());

export function compileFast(node: Node): FastEval | null {
  const compiled = compileNode(node);
  if (!compiled) return null;
  return (scope) => {
    evaluationNow = undefined;
    return compiled(scope);
  };
}

function compileNode(node: Node): FastEval | null {
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value':
      return isPlain(node) ? constant(node.value) : null;
    case 'path':
      return compilePath(node);
    case 'unary':
      return node.value === '{' ? compileObject(node) : null;
    case 'binary':
      return compileBinary(node);
    case 'function':
      return compileFunction(node);
    default:
      return null;
  }
}

const constant = (value: unknown): FastEval => () => value;

function compilePath(node: Node): FastEval | null {
  if (Object.keys(node).some((key) => key !== 'type' && key !== 'steps')) return null;
  const steps = node.steps ?? [];
  if (steps.length === 0 || !steps.every((step) => step.type === 'name' && isPlain(step))) return null;
  const names = steps.map((step) => String(step.value));
  return (scope) => {
    let value: unknown = scope;
    for (let i = 0; i < names.length; i++) {
      if (value === null || typeof value !== 'object') return undefined;
      if (Array.isArray(value)) return FALLBACK; // JSONata maps over arrays and flattens
      value = Object.hasOwn(value, names[i]!) ? (value as Record<string, unknown>)[names[i]!] : undefined;
    }
    return typeof value === 'function' ? FALLBACK : value;
  };
}

function compileObject(node: Node): FastEval | null {
  if (Object.keys(node).some((key) => !['type', 'value', 'position', 'lhs'].includes(key))) return null;
  const pairs = node.lhs as [Node, Node][];
  const keys: string[] = [];
  const values: FastEval[] = [];
  for (const [key, value] of pairs) {
    if (key.type !== 'string' || !isPlain(key)) return null;
    const compiled = compileNode(value);
    if (!compiled) return null;
    keys.push(String(key.value));
    values.push(compiled);
  }
  if (new Set(keys).size !== keys.length) return null; // JSONata reports duplicate keys as an error
  return (scope) => {
    const result: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const value = values[i]!(scope);
      if (value === FALLBACK) return FALLBACK;
      if (value !== undefined) result[keys[i]!] = value;
    }
    return result;
  };
}

/** `$name(arguments)` for the functions of fast-functions.ts and `$now()`; anything else (lambdas, partial application, other functions) is JSONata's. */
function compileFunction(node: Node): FastEval | null {
  // JSONata's parser leaves `name` undefined on a call by variable; a set one is some other form.
  if (Object.keys(node).some((key) => !['type', 'value', 'position', 'arguments', 'procedure'].includes(key) && !(key === 'name' && node.name === undefined))) return null;
  const procedure = node.procedure as Node | undefined;
  if (node.value !== '(' || !procedure || procedure.type !== 'variable' || !isPlain(procedure)) return null;
  const name = String(procedure.value);
  const args = (node.arguments ?? []) as Node[];
  if (name === 'now') return args.length === 0 ? now : null;
  const known = Object.hasOwn(FAST_FUNCTIONS, name) ? FAST_FUNCTIONS[name]! : undefined;
  if (!known || !known.arities.includes(args.length)) return null;
  const compiled: FastEval[] = [];
  for (const arg of args) {
    const one = compileNode(arg);
    if (!one) return null;
    compiled.push(one);
  }
  const call = known.call;
  if (compiled.length === 1) {
    const only = compiled[0]!;
    return (scope) => {
      const value = only(scope);
      return value === FALLBACK ? FALLBACK : call(value);
    };
  }
  return (scope) => {
    const values: unknown[] = [];
    for (const one of compiled) {
      const value = one(scope);
      if (value === FALLBACK) return FALLBACK;
      values.push(value);
    }
    return call(...values);
  };
}

type Primitive = string | number | boolean | null;
const isPrimitive = (value: unknown): value is Primitive =>
  value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

function compileBinary(node: Node): FastEval | null {
  if (Object.keys(node).some((key) => !['type', 'value', 'position', 'lhs', 'rhs'].includes(key))) return null;
  const lhs = compileNode(node.lhs as Node);
  const rhs = compileNode(node.rhs as Node);
  if (!lhs || !rhs) return null;
  switch (node.value) {
    case '&':
      return (scope) => {
        const left = concatenable(lhs(scope));
        if (left === FALLBACK) return FALLBACK;
        const right = concatenable(rhs(scope));
        return right === FALLBACK ? FALLBACK : left + right;
      };
    case '=':
    case '!=': {
      const equal = node.value === '=';
      return (scope) => {
        const left = lhs(scope);
        const right = rhs(scope);
        if (left === FALLBACK || right === FALLBACK) return FALLBACK;
        if (left === undefined || right === undefined) return false;
        if (!isPrimitive(left) || !isPrimitive(right)) return FALLBACK;
        return (left === right) === equal;
      };
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const compare = COMPARE[node.value]!;
      return (scope) => {
        const left = lhs(scope);
        const right = rhs(scope);
        if (left === FALLBACK || right === FALLBACK) return FALLBACK;
        if (left === undefined || right === undefined) return FALLBACK; // JSONata's rules for these differ by version
        if (typeof left === 'number' && typeof right === 'number') return compare(left, right);
        if (typeof left === 'string' && typeof right === 'string') return compare(left, right);
        return FALLBACK; // JSONata raises a type error: let it word it
      };
    }
    case 'and':
      return (scope) => {
        const left = lhs(scope);
        if (left === FALLBACK) return FALLBACK;
        if (!isTruthy(left)) return false;
        const right = rhs(scope);
        return right === FALLBACK ? FALLBACK : isTruthy(right);
      };
    case 'or':
      return (scope) => {
        const left = lhs(scope);
        if (left === FALLBACK) return FALLBACK;
        if (isTruthy(left)) return true;
        const right = rhs(scope);
        return right === FALLBACK ? FALLBACK : isTruthy(right);
      };
    default:
      return null;
  }
}

const COMPARE: Record<string, (a: number | string, b: number | string) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/** `&` casts with $string: strings as they are, undefined as "", safe integers as digits; anything else is JSONata's to format. */
function concatenable(value: unknown): string | typeof FALLBACK {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return FALLBACK;
}
