import { recordIdOf } from './records.js';
import { isPlainObject } from '../../shared/nodes/field-values.js';
import { preview } from './support.js';
import { NodeFailure, type ExecutorFactory } from './types.js';

export const recordUpdateExecutor: ExecutorFactory<'record.update'> = ({ collection, id, patch }, services) => async (scope) => {
  const recordId = recordIdOf(await id(scope));
  const changes = await patch(scope);
  if (!isPlainObject(changes)) throw new NodeFailure('invalid_patch', `patch must give an object, got ${preview(changes)}`);
  if (recordId === undefined) return { port: 'missing', output: null };
  const record = await services.records.update(collection, recordId, withoutId(changes));
  return record ? { port: 'found', output: record } : { port: 'missing', output: null };
};

/** A record keeps its id: a patch that carries one (often the whole stored record) must not move it. */
function withoutId(patch: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(patch, 'id')) return patch;
  const { id: _id, ...rest } = patch;
  return rest;
}
