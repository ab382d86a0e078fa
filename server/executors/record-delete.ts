import { collectionOf, recordIdOf } from './records.js';
import { expressionConfig } from './support.js';
import type { ExecutorFactory } from './types.js';

export const recordDeleteExecutor: ExecutorFactory = (node, services) => {
  const collection = collectionOf(node);
  const id = expressionConfig(node, 'id');
  return async (scope) => {
    const recordId = recordIdOf(await id(scope));
    const deleted = recordId === undefined ? false : await services.records.delete(collection, recordId);
    return { port: 'out', output: { deleted } };
  };
};
