import { after } from './support.js';
import type { ExecutorFactory, NodeResult } from './types.js';

/** An empty body expression evaluates to undefined: the answer has no body. */
export const respondExecutor: ExecutorFactory<'respond'> = ({ status, headers, body }) => {
  const answer = (values: Record<string, string>, value: unknown): NodeResult => ({
    outcome: { kind: 'respond', status, headers: values, body: value },
  });
  return (scope) => {
    const values = headers(scope);
    if (values instanceof Promise) return values.then((resolved) => after(body(scope), (value) => answer(resolved, value)));
    return after(body(scope), (value) => answer(values, value));
  };
};
