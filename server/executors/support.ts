import type { PlanNode } from '../../shared/compile/plan.js';
import { compileExpression, compileExpressionMap, type Evaluator, type MapEvaluator } from '../runtime/expressions.js';
import { NodeFailure } from './types.js';

/** Runs `next` now when the value is ready, so synchronous nodes never allocate a promise. */
export function after<R>(value: unknown, next: (value: unknown) => R): R | Promise<R> {
  return value instanceof Promise ? (value.then(next) as Promise<R>) : next(value);
}

export function textConfig(node: PlanNode, name: string, fallback = ''): string {
  const value = node.config[name];
  return typeof value === 'string' ? value : fallback;
}

export function numberConfig(node: PlanNode, name: string, fallback: number): number {
  const value = node.config[name];
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : fallback;
}

export function expressionConfig(node: PlanNode, name: string): Evaluator {
  return compileExpression(textConfig(node, name), name);
}

export function expressionMapConfig(node: PlanNode, name: string): MapEvaluator {
  const value = node.config[name];
  const map: Record<string, string> = {};
  if (isPlainObject(value)) {
    for (const [key, source] of Object.entries(value)) {
      if (typeof source !== 'string') throw new NodeFailure('invalid_config', `${name}.${key} must be an expression (a string)`);
      map[key] = source;
    }
  }
  return compileExpressionMap(map, name);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** For places that need text (headers, messages): strings as they are, anything else as JSON. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '';
}

/** Header values as text; absent values (undefined, null) drop the header. */
export function asHeaders(values: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of Object.keys(values)) {
    const value = values[name];
    if (value !== undefined && value !== null) headers[name] = asText(value);
  }
  return headers;
}

/** A short, single-line rendering of a value for error messages. */
export function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = asText(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
