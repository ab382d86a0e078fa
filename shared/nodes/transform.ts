import { defineNode, shorten } from './types.js';

export const transform = defineNode({
  type: 'transform',
  version: 1,
  label: 'Transform',
  category: 'Data',
  icon: 'shuffle',
  description: 'Computes one value with a JSONata expression; later nodes read it as steps.<key>.',
  ports: ['out'],
  terminal: false,
  hasInput: true,
  fields: [
    { kind: 'expression', name: 'expression', label: 'Expression', required: true, default: 'request.body', help: 'JSONata, e.g. { "name": request.body.name, "at": $now() }' },
  ],
  summary: (config) => shorten(config.expression),
  outputShape: (config, context) => context.expression(config.expression),
});
