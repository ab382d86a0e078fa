import { isPlainObject } from './field-values.js';
import { objectOf } from './shape.js';
import { defineNode, shorten } from './types.js';

export const set = defineNode({
  type: 'set',
  version: 1,
  label: 'Set fields',
  category: 'Data',
  icon: 'list',
  description: 'Builds an object from named expressions, one per field.',
  ports: ['out'],
  terminal: false,
  hasInput: true,
  fields: [
    { kind: 'expressionMap', name: 'fields', label: 'Fields', required: true, default: { value: 'request.query' }, help: 'Each field is named on the left and computed by the JSONata expression on the right.' },
  ],
  check: (config) => (Object.keys(config.fields).length === 0 ? [{ field: 'fields', message: 'add at least one field', severity: 'error' }] : []),
  summary: (config) => shorten(isPlainObject(config.fields) ? Object.keys(config.fields).join(', ') : ''),
  outputShape: (config, context) =>
    objectOf(Object.fromEntries(Object.entries(isPlainObject(config.fields) ? config.fields : {}).map(([name, source]) => [name, context.expression(source)]))),
});
