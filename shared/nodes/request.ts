import { defineNode } from './types.js';

/** The start of every flow. Its settings are the endpoint's own (method, path, query, body, auth). */
export const request = defineNode({
  type: 'request',
  version: 1,
  label: 'Request',
  category: 'Flow',
  icon: 'arrow-right-circle',
  description: 'Where a call to the endpoint enters the flow. Its output is the request: params, query, headers, body.',
  ports: ['out'],
  terminal: false,
  hasInput: false,
  fields: [],
  summary: () => 'incoming request',
});
