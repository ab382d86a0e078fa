import { conditionExecutor } from './condition.js';
import { failExecutor } from './fail.js';
import { httpRequestExecutor } from './http-request.js';
import { logExecutor } from './log.js';
import { recordDeleteExecutor } from './record-delete.js';
import { recordGetExecutor } from './record-get.js';
import { recordInsertExecutor } from './record-insert.js';
import { recordQueryExecutor } from './record-query.js';
import { recordUpdateExecutor } from './record-update.js';
import { redirectExecutor } from './redirect.js';
import { requestExecutor } from './request.js';
import { respondExecutor } from './respond.js';
import { setExecutor } from './set.js';
import { transformExecutor } from './transform.js';
import type { ExecutorFactory } from './types.js';
import { validateExecutor } from './validate.js';

/** One executor per node type of shared/nodes/registry.ts; a test keeps the two sets equal. */
export const EXECUTORS: ReadonlyMap<string, ExecutorFactory> = new Map<string, ExecutorFactory>([
  ['request', requestExecutor],
  ['transform', transformExecutor],
  ['set', setExecutor],
  ['condition', conditionExecutor],
  ['validate', validateExecutor],
  ['log', logExecutor],
  ['record.insert', recordInsertExecutor],
  ['record.get', recordGetExecutor],
  ['record.query', recordQueryExecutor],
  ['record.update', recordUpdateExecutor],
  ['record.delete', recordDeleteExecutor],
  ['http.request', httpRequestExecutor],
  ['respond', respondExecutor],
  ['redirect', redirectExecutor],
  ['fail', failExecutor],
]);
