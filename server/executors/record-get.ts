import { recordIdOf } from './records.js';
import type { ExecutorFactory } from './types.js';

export const recordGetExecutor: ExecutorFactory<'record.get'> = ({ collection, id }, services) => async (scope) => {
  const recordId = recordIdOf(await id(scope));
  const record = recordId === undefined ? undefined : await services.records.get(collection, recordId);
  return record ? { port: 'found', output: record } : { port: 'missing', output: null };
};
