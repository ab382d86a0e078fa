import { collectionField, recordIdField } from './records.js';
import { defineNode, shorten } from './types.js';

export const recordGet = defineNode({
  type: 'record.get',
  version: 1,
  label: 'Get record',
  category: 'Records',
  icon: 'database-search',
  description: 'Reads one record by id: found or missing.',
  ports: ['found', 'missing'],
  terminal: false,
  hasInput: true,
  fields: [collectionField, recordIdField],
  summary: (config) => `${String(config.collection)} by ${shorten(config.id, 24)}`,
  outputShape: (config, context) => context.collection(config.collection),
});
