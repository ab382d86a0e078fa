import { defineNode, shorten } from './types.js';

export const respond = defineNode({
  type: 'respond',
  version: 1,
  label: 'Respond',
  category: 'Output',
  icon: 'send',
  description: 'Answers the request with a status, headers and a JSON body.',
  ports: [],
  terminal: true,
  hasInput: true,
  fields: [
    { kind: 'integer', name: 'status', label: 'Status', default: 200, min: 200, max: 599 },
    { kind: 'headerMap', name: 'headers', label: 'Headers', default: {} },
    { kind: 'expression', name: 'body', label: 'Body', default: '', help: 'JSONata; leave empty for no body.' },
  ],
  check: (config) =>
    config.status >= 300 && config.status < 400 ? [{ field: 'status', message: 'use a Redirect node for 3xx answers', severity: 'error' }] : [],
  summary: (config) => `${String(config.status)} ${shorten(config.body, 30)}`,
});
