import { collectionField, recordIdField } from './records.js';
import { defineNode, shorten } from './types.js';

export const recordUpdate = defineNode({
  type: 'record.update',
  version: 1,
  label: 'Update record',
  category: 'Records',
  icon: 'database-edit',
  description: 'Merges a patch into a record (fields set to null are removed): found or missing.',
  ports: ['found', 'missing'],
  terminal: false,
  hasInput: true,
  fields: [collectionField, recordIdField, { kind: 'expression', name: 'patch', label: 'Patch', required: true, default: 'request.body' }],
  summary: (config) => `${String(config.collection)} by ${shorten(config.id, 24)}`,
  outputShape: (config, context) => context.collection(config.collection),
});
