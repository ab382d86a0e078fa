import { arrayOf, objectOf, scalar, shapeOfSchema } from './shape.js';
import { defineNode, shorten } from './types.js';

export const validate = defineNode({
  type: 'validate',
  version: 1,
  label: 'Validate',
  category: 'Data',
  icon: 'shield-check',
  description: 'Checks data (the request body, or a step’s output) against the fields it must have, listed as a form or written as JSON Schema. Output: the list of errors (empty when valid).',
  ports: ['valid', 'invalid'],
  terminal: false,
  hasInput: true,
  fields: [
    { kind: 'expression', name: 'what', label: 'Data to check', required: true, default: 'request.body', help: 'request.body, or a step’s output: pick it from the data panel.' },
    { kind: 'jsonSchema', name: 'schema', label: 'Fields it must have', required: true, default: { type: 'object' } },
  ],
  summary: (config) => `${shorten(config.what, 24)} against schema`,
  // Each error names where in the value (a JSON pointer, "" for the value itself) and what is wrong.
  outputShape: () => arrayOf(objectOf({ path: scalar('string'), message: scalar('string') })),
  vouchesFor: (config) => ({ path: config.what, shape: shapeOfSchema(config.schema) }),
});
