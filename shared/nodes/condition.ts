import { defineNode, shorten } from './types.js';

export const condition = defineNode({
  type: 'condition',
  version: 1,
  label: 'Condition',
  category: 'Flow',
  icon: 'git-branch',
  description: 'Takes the true or the false port depending on a JSONata expression (truthy → true).',
  ports: ['true', 'false'],
  terminal: false,
  hasInput: true,
  fields: [
    { kind: 'expression', name: 'expression', label: 'Condition', required: true, default: 'true', help: 'e.g. request.query.limit > 10' },
  ],
  summary: (config) => shorten(config.expression),
});
