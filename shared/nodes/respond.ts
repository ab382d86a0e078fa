import { shorten, type NodeDefinition } from './types.js';

export const respond: NodeDefinition = {
  type: 'respond',
  label: 'Respond',
  category: 'Output',
  icon: 'send',
  description: 'Answers the request with a status, headers and a JSON body.',
  ports: [],
  terminal: true,
  hasInput: true,
  fields: [
    { kind: 'integer', name: 'status', label: 'Status', default: 200, min: 200, max: 599 },
    { kind: 'expressionMap', name: 'headers', label: 'Headers', default: {} },
    { kind: 'expression', name: 'body', label: 'Body', default: '', help: 'JSONata; leave empty for no body.' },
  ],
  check: (config) => {
    const status = config.status as number;
    return status >= 300 && status < 400
      ? [{ field: 'status', message: 'use a Redirect node for 3xx answers', severity: 'error' }]
      : [];
  },
  summary: (config) => `${String(config.status)} ${shorten(config.body, 30)}`,
};
