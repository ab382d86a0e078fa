import { collectionOf, recordIdOf } from './records.js';
import { expressionConfig } from './support.js';
import type { ExecutorFactory } from './types.js';

export const recordGetExecutor: ExecutorFactory = (node, services) => {
  const collection = collectionOf(node);
  const id = expressionConfig(node, 'id');
  return async (scope) => {
    const recordId = recordIdOf(await id(scope));
    const record = recordId === undefined ? undefined : await services.records.get(collection, recordId);
    return record ? { port: 'found', output: record } : { port: 'missing', output: null };
  };
};
