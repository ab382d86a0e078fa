import { defineNode, shorten } from './types.js';

export const fail = defineNode({
  type: 'fail',
  version: 1,
  label: 'Fail',
  category: 'Output',
  icon: 'x-octagon',
  description: 'Answers with an error in the standard shape {"error": {code, message, requestId}}.',
  ports: [],
  terminal: true,
  hasInput: true,
  fields: [
    { kind: 'integer', name: 'status', label: 'Status', default: 400, min: 400, max: 599 },
    { kind: 'text', name: 'code', label: 'Error code', required: true, default: 'bad_request', pattern: { regex: /^[a-z][a-z0-9_]{0,63}$/, message: 'an error code is lowercase snake_case, like not_found' } },
    { kind: 'expression', name: 'message', label: 'Message', required: true, default: '"Something is wrong with the request"' },
  ],
  summary: (config) => `${String(config.status)} ${String(config.code)}: ${shorten(config.message, 24)}`,
});
