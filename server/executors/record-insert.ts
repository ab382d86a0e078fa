import { recordIdOf } from './records.js';
import { isPlainObject } from '../../shared/nodes/field-values.js';
import { preview } from './support.js';
import { NodeFailure, type ExecutorFactory } from './types.js';

export const recordInsertExecutor: ExecutorFactory<'record.insert'> = ({ collection, document }, services) => async (scope) => {
  const value = await document(scope);
  if (!isPlainObject(value)) throw new NodeFailure('invalid_document', `document must give an object, got ${preview(value)}`);
  const record = await services.records.insert(collection, withStringId(value));
  return { port: 'out', output: record };
};

/** The store generates an id when there is none; a numeric id is kept as its string. */
function withStringId(document: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(document, 'id') || (typeof document.id === 'string' && document.id !== '')) return document;
  const id = recordIdOf(document.id);
  const { id: _id, ...rest } = document;
  return id === undefined ? rest : { ...rest, id };
}
