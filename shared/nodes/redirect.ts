import { defineNode, shorten } from './types.js';

export const redirect = defineNode({
  type: 'redirect',
  version: 1,
  label: 'Redirect',
  category: 'Output',
  icon: 'corner-up-right',
  description: 'Answers with a redirect to another URL (302 by default).',
  ports: [],
  terminal: true,
  hasInput: true,
  fields: [
    { kind: 'expression', name: 'url', label: 'URL', required: true, default: '"/"' },
    {
      kind: 'select',
      name: 'status',
      label: 'Status',
      default: 302,
      options: [
        { value: 302, label: '302 Found (temporary)' },
        { value: 303, label: '303 See Other' },
        { value: 307, label: '307 Temporary Redirect' },
        { value: 308, label: '308 Permanent Redirect' },
        { value: 301, label: '301 Moved Permanently' },
      ],
    },
  ],
  check: (config) =>
    config.status === 301
      ? [{ field: 'status', message: 'browsers cache a 301 for good: clients may never ask again, even after you change this flow', severity: 'warning' }]
      : [],
  summary: (config) => `${String(config.status)} → ${shorten(config.url, 30)}`,
});
