import { after, asHeaders, expressionConfig, expressionMapConfig, numberConfig } from './support.js';
import type { ExecutorFactory, NodeResult } from './types.js';

const DEFAULT_STATUS = 200;

/** An empty body expression evaluates to undefined: the answer has no body. */
export const respondExecutor: ExecutorFactory = (node) => {
  const status = numberConfig(node, 'status', DEFAULT_STATUS);
  const headers = expressionMapConfig(node, 'headers');
  const body = expressionConfig(node, 'body');
  const answer = (values: Record<string, unknown>, value: unknown): NodeResult => ({
    outcome: { kind: 'respond', status, headers: asHeaders(values), body: value },
  });
  return (scope) => {
    const values = headers(scope);
    if (values instanceof Promise) return values.then((resolved) => after(body(scope), (value) => answer(resolved, value)));
    return after(body(scope), (value) => answer(values, value));
  };
};
