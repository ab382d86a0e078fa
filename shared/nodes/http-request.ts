import { anyObject, objectOf, scalar, UNKNOWN } from './shape.js';
import { defineNode, shorten } from './types.js';

export const HTTP_REQUEST_MAX_TIMEOUT_MS = 30_000;
export const HTTP_REQUEST_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
/** `manual`: a 3xx is the answer (steps.<key>.status, headers.location); `follow`: up to 5 hops, each checked against the environment's outbound settings. */
export const HTTP_REQUEST_REDIRECTS = [
  { value: 'manual', label: 'Answer with the redirect (3xx)' },
  { value: 'follow', label: 'Follow it (each hop checked again)' },
] as const;

export const httpRequest = defineNode({
  type: 'http.request',
  version: 1,
  label: 'HTTP request',
  category: 'Integrations',
  icon: 'globe',
  description:
    'Calls another HTTP service. ok for any answer (check steps.<key>.status); error when it could not be reached or timed out. Only public addresses unless the environment allows more (Environments ▸ Outbound calls).',
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
    {
      kind: 'select',
      name: 'redirect',
      label: 'Redirects',
      default: 'manual',
      options: HTTP_REQUEST_REDIRECTS,
      help: 'Not followed unless you choose so: a redirect could lead where this environment may not call.',
    },
  ],
  summary: (config) => `${String(config.method)} ${shorten(config.url, 32)}`,
  // Both ports' outputs in one: {status, headers, body} on ok, {code, message} on error.
  outputShape: () => objectOf({ status: scalar('number'), headers: anyObject(), body: UNKNOWN, code: scalar('string'), message: scalar('string') }),
});
