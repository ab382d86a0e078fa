import { shorten, type NodeDefinition } from './types.js';

export const set: NodeDefinition = {
  type: 'set',
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
  check: (config) => {
    const fields = config.fields as Record<string, string> | undefined;
    return fields && Object.keys(fields).length === 0 ? [{ field: 'fields', message: 'add at least one field', severity: 'error' }] : [];
  },
  summary: (config) => shorten(Object.keys((config.fields as Record<string, string>) ?? {}).join(', ')),
};
