import { collectionField } from './records.js';
import { defineNode, shorten } from './types.js';

export const recordInsert = defineNode({
  type: 'record.insert',
  version: 1,
  label: 'Insert record',
  category: 'Records',
  icon: 'database-plus',
  description: 'Stores a document in a collection. It gets a generated string id unless it has one.',
  ports: ['out'],
  terminal: false,
  hasInput: true,
  fields: [collectionField, { kind: 'expression', name: 'document', label: 'Document', required: true, default: 'request.body' }],
  summary: (config) => `into ${String(config.collection)}: ${shorten(config.document, 24)}`,
  outputShape: (config, context) => context.collection(config.collection),
});
