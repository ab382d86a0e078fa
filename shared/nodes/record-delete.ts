import { collectionField, recordIdField } from './records.js';
import { objectOf, scalar } from './shape.js';
import { defineNode, shorten } from './types.js';

export const recordDelete = defineNode({
  type: 'record.delete',
  version: 1,
  label: 'Delete record',
  category: 'Records',
  icon: 'database-minus',
  description: 'Deletes a record by id. Output: {deleted: true|false}.',
  ports: ['out'],
  terminal: false,
  hasInput: true,
  fields: [collectionField, recordIdField],
  summary: (config) => `${String(config.collection)} by ${shorten(config.id, 24)}`,
  outputShape: () => objectOf({ deleted: scalar('boolean') }),
});
