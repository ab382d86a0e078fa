import { scalar } from './shape.js';
import { describeRules, isRuleSet } from '../rules.js';
import { defineNode, shorten } from './types.js';

/**
 * Version 2 keeps rules (field / operator / value rows joined by all or any) as well as an expression;
 * version 1 nodes hold an expression only. Both run the JSONata the condition is, so they branch alike.
 */
export const condition = defineNode({
  type: 'condition',
  version: 2,
  label: 'Condition',
  category: 'Flow',
  icon: 'git-branch',
  description: 'Takes the true or the false port depending on rules (all or any of them) or a JSONata expression (truthy → true).',
  ports: ['true', 'false'],
  terminal: false,
  hasInput: true,
  fields: [
    { kind: 'condition', name: 'expression', label: 'Condition', required: true, default: { match: 'all', rules: [] }, help: 'Rules, or an expression such as request.query.limit > 10' },
  ],
  summary: (config) => shorten(isRuleSet(config.expression) ? describeRules(config.expression) : config.expression),
  outputShape: () => scalar('boolean'),
});
