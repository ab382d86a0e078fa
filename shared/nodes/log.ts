import { objectOf, scalar } from './shape.js';
import { defineNode, shorten } from './types.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export const log = defineNode({
  type: 'log',
  version: 1,
  label: 'Log',
  category: 'Flow',
  icon: 'message',
  description: 'Writes a message to the server log and the trace.',
  ports: ['out'],
  terminal: false,
  hasInput: true,
  fields: [
    { kind: 'select', name: 'level', label: 'Level', default: 'info', options: LOG_LEVELS.map((value) => ({ value, label: value })) },
    { kind: 'expression', name: 'message', label: 'Message', required: true, default: '"reached " & request.path' },
  ],
  summary: (config) => `${String(config.level)}: ${shorten(config.message, 30)}`,
  outputShape: () => objectOf({ level: scalar('string'), message: scalar('string') }),
});
