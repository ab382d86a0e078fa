import { collectionField, recordIdField } from './records.js';
import { shorten, type NodeDefinition } from './types.js';

export const recordDelete: NodeDefinition = {
  type: 'record.delete',
  label: 'Delete record',
  category: 'Records',
  icon: 'database-minus',
  description: 'Deletes a record by id. Output: {deleted: true|false}.',
  ports: ['out'],
  terminal: false,
  hasInput: true,
  fields: [collectionField, recordIdField],
  summary: (config) => `${String(config.collection)} by ${shorten(config.id, 24)}`,
};
