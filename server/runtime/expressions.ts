import jsonata from 'jsonata';
import { regexProblem } from '../../shared/compile/expressions.js';
import { LinearRegExp } from '../../shared/compile/linear-regex.js';
import type { FlowScope } from '../../shared/model/runtime.js';
import { NodeFailure } from '../executors/types.js';
import { boundedPad, PAD_SIGNATURE } from './bounded-functions.js';
import { BUDGET_BINDING, evaluationBudget, onStepExit } from './expression-budget.js';
import { compileFast, FALLBACK } from './fast-expressions.js';
import { isJsonataFunction } from './truthy.js';

export { isTruthy } from './truthy.js';

/** Synchronous for plain paths and literals (the common case on the hot path), a Promise otherwise. */
export type Evaluator = (scope: FlowScope) => unknown | Promise<unknown>;
export type MapEvaluator = (scope: FlowScope) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** Nesting of function calls and blocks; deeper is a runaway recursion (JSONata's D1011). */
export const EXPRESSION_MAX_DEPTH = 500;
/** The most items a range (`[1..n]`) or any sequence an expression builds may hold (JSONata's D2015). */
export const MAX_EXPRESSION_ARRAY_ITEMS = 100_000;
/** Time is the request's deadline, checked by the step hook (expression-budget.ts), not JSONata's own timeout. */
const JSONATA_OPTIONS = {
  stack: EXPRESSION_MAX_DEPTH,
  sequence: MAX_EXPRESSION_ARRAY_ITEMS,
  RegexEngine: LinearRegExp as unknown as RegExpConstructor,
};
const STEP_EXIT_HOOK = Symbol.for('jsonata.__evaluate_exit') as unknown as string;
/** JSONata's D2015 names the size it refused (for a range) as if it were the limit: say the limit instead. */
const TOO_MANY_ITEMS = `a range or a list built by the expression would hold more than ${MAX_EXPRESSION_ARRAY_ITEMS} items, the most an expression may build`;
const isTooLong = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'D2015';

const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;
/** JSON.parse does the unescaping; what it rejects (e.g. raw control characters) goes to JSONata. */
const DOUBLE_QUOTED = /^"(?:[^"\\]|\\.)*"$/;
const SINGLE_QUOTED = /^'[^'\\]*'$/;
const NO_LITERAL = Symbol('no literal');

const returnUndefined: Evaluator = () => undefined;

/**
 * Compiles a JSONata expression once. `field` names the config field in error messages.
 * Throws NodeFailure('invalid_expression') on a syntax error.
 */
export function compileExpression(source: string, field = 'expression'): Evaluator {
  const trimmed = source.trim();
  if (trimmed === '') return returnUndefined;
  const literal = literalOf(trimmed);
  if (literal !== NO_LITERAL) return () => literal;

  const expression = parse(trimmed, field);
  const failed = (error: unknown): never => {
    if (error instanceof NodeFailure) throw new NodeFailure(error.code, `${field}: ${error.message}`);
    if (isTooLong(error)) throw new NodeFailure('expression_too_large', `${field}: ${TOO_MANY_ITEMS}${describePosition(error)}`);
    throw new NodeFailure('expression_failed', `${field}: ${describe(error)}`);
  };
  const viaJsonata = (scope: FlowScope): Promise<unknown> => {
    const budget = evaluationBudget(scope);
    const bindings = { [BUDGET_BINDING]: budget };
    // A flow of many expressions hands the event loop back between them too, not only within one.
    const waiting = budget.check();
    const evaluated = waiting ? waiting.then(() => expression.evaluate(scope, bindings)) : expression.evaluate(scope, bindings);
    return evaluated.then(toPlainJson, failed);
  };

  const fast = compileFast(expression.ast() as Parameters<typeof compileFast>[0]);
  if (!fast) return viaJsonata;
  return (scope) => {
    const value = fast(scope);
    return value === FALLBACK ? viaJsonata(scope) : value;
  };
}

/** Parses with the limits on, the step hook and the bounded functions; refuses a regex the linear-time engine cannot run. */
function parse(source: string, field: string): jsonata.Expression {
  let expression: jsonata.Expression;
  try {
    expression = jsonata(source, JSONATA_OPTIONS);
  } catch (error) {
    throw new NodeFailure('invalid_expression', `${field}: ${describe(error)}`);
  }
  const regex = regexProblem(expression.ast());
  if (regex) throw new NodeFailure('invalid_expression', `${field}: ${regex.message} (at character ${regex.position})`);
  expression.assign(STEP_EXIT_HOOK, onStepExit);
  expression.registerFunction('pad', boundedPad, PAD_SIGNATURE);
  return expression;
}

/** Compiles named expressions; the result is synchronous when every member is. */
export function compileExpressionMap(map: Record<string, string>, field = 'fields'): MapEvaluator {
  const names = Object.keys(map);
  const evaluators = names.map((name) => compileExpression(map[name] ?? '', `${field}.${name}`));
  return (scope) => {
    const values: Record<string, unknown> = {};
    let pending: Promise<void>[] | undefined;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const value = (evaluators[i] as Evaluator)(scope);
      if (value instanceof Promise) {
        (pending ??= []).push(value.then((resolved) => void (values[name] = resolved)));
      } else {
        values[name] = value;
      }
    }
    return pending ? Promise.all(pending).then(() => values) : values;
  };
}

function literalOf(source: string): unknown {
  if (source === 'true') return true;
  if (source === 'false') return false;
  if (source === 'null') return null;
  if (NUMBER.test(source)) {
    const number = Number(source);
    return Number.isFinite(number) ? number : NO_LITERAL;
  }
  if (SINGLE_QUOTED.test(source)) return source.slice(1, -1);
  if (DOUBLE_QUOTED.test(source)) {
    try {
      return JSON.parse(source) as string;
    } catch {
      return NO_LITERAL;
    }
  }
  return NO_LITERAL;
}

const SEQUENCE_FLAGS = ['sequence', 'keepSingleton', 'outerWrapper', 'tupleStream', 'cons'] as const;

/**
 * JSONata returns arrays flagged as sequences and may return its own function objects; strip both so
 * that outputs are plain JSON. Returns the same reference when nothing needs changing (the usual case).
 */
export function toPlainJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  if (isJsonataFunction(value)) return undefined;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined = SEQUENCE_FLAGS.some((flag) => Object.hasOwn(value, flag)) ? [] : undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const plain = toPlainJson(item);
      if (plain !== item && !copy) copy = value.slice(0, i);
      if (copy) copy.push(plain);
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  const entries = value as Record<string, unknown>;
  for (const key of Object.keys(entries)) {
    const item = entries[key];
    const plain = toPlainJson(item);
    if (plain !== item && !copy) copy = { ...entries };
    if (copy) {
      if (plain === undefined) delete copy[key];
      else copy[key] = plain;
    }
  }
  return copy ?? value;
}


function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) return `${String((error as { message: unknown }).message)}${describePosition(error)}`;
  return String(error);
}

function describePosition(error: unknown): string {
  const position = (error as { position?: unknown } | null)?.position;
  return typeof position === 'number' ? ` (at character ${position})` : '';
}
