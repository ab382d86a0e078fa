import { recordIdOf } from './records.js';
import type { ExecutorFactory } from './types.js';

export const recordDeleteExecutor: ExecutorFactory<'record.delete'> = ({ collection, id }, services) => async (scope) => {
  const recordId = recordIdOf(await id(scope));
  const deleted = recordId === undefined ? false : await services.records.delete(collection, recordId);
  return { port: 'out', output: { deleted } };
};
