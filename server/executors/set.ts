import type { ExecutorFactory, NodeResult } from './types.js';

export const setExecutor: ExecutorFactory<'set'> = ({ fields }) => {
  const result = (output: Record<string, unknown>): NodeResult => ({ port: 'out', output });
  return (scope) => {
    const values = fields(scope);
    return values instanceof Promise ? values.then(result) : result(values);
  };
};
