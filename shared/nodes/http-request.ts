import { defineNode, shorten } from './types.js';

export const HTTP_REQUEST_MAX_TIMEOUT_MS = 30_000;
export const HTTP_REQUEST_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

export const httpRequest = defineNode({
  type: 'http.request',
  version: 1,
  label: 'HTTP request',
  category: 'Integrations',
  icon: 'globe',
  description: 'Calls another HTTP service. ok for any answer (check steps.<key>.status); error when it could not be reached or timed out.',
  ports: ['ok', 'error'],
  terminal: false,
  hasInput: true,
  fields: [
    {
      kind: 'select',
      name: 'method',
      label: 'Method',
      default: 'GET',
      options: HTTP_REQUEST_METHODS.map((value) => ({ value, label: value })),
    },
    { kind: 'expression', name: 'url', label: 'URL', required: true, default: '"https://example.com"', help: 'A JSONata expression: quote a fixed URL, or build it, e.g. env.vars.baseUrl & "/users"' },
    { kind: 'headerMap', name: 'headers', label: 'Headers', default: {} },
    { kind: 'expression', name: 'body', label: 'Body', default: '', help: 'Sent as JSON. Leave empty for no body.', showWhen: { field: 'method', values: ['POST', 'PUT', 'PATCH', 'DELETE'] } },
    { kind: 'integer', name: 'timeoutMs', label: 'Timeout (ms)', default: 10_000, min: 1, max: HTTP_REQUEST_MAX_TIMEOUT_MS },
  ],
  summary: (config) => `${String(config.method)} ${shorten(config.url, 32)}`,
});
