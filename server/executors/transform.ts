import { after, expressionConfig } from './support.js';
import type { ExecutorFactory } from './types.js';

export const transformExecutor: ExecutorFactory = (node) => {
  const expression = expressionConfig(node, 'expression');
  return (scope) => after(expression(scope), (output) => ({ port: 'out', output }));
};
