import { defineNode, shorten } from './types.js';

// eslint-disable-next-line no-control-regex -- browsers drop tabs and line breaks from URLs, so "/\t/evil" would read as "//evil"
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007F]/;
const ABSOLUTE_HTTP = /^https?:\/\//i;
/** One slash and then not another (nor a backslash, which browsers read as one): `//host` would leave this site. */
const SITE_PATH = /^\/(?![/\\])/;

/**
 * Why a Redirect may not send a client to this location, or null: only http(s) absolute URLs and
 * paths of this site (starting with a single "/"); never `javascript:`, `data:`, `//host` or `/\host`.
 */
export function redirectLocationProblem(location: string): string | null {
  if (location === '') return 'the URL is empty';
  if (CONTROL_OR_SPACE.test(location)) return 'the URL holds spaces or control characters';
  if (SITE_PATH.test(location)) return null;
  if (ABSOLUTE_HTTP.test(location) && URL.canParse(location)) return null;
  return 'a redirect goes to an http:// or https:// URL, or to a path of this site starting with a single "/"';
}

/** The fixed location of a url expression that is just a quoted string ("/home"); undefined when it is computed. */
function literalLocation(expression: unknown): string | undefined {
  if (typeof expression !== 'string') return undefined;
  const source = expression.trim();
  if (!/^"[^"\\]*"$/.test(source) && !/^'[^'\\]*'$/.test(source)) return undefined;
  return source.slice(1, -1);
}

export const redirect = defineNode({
  type: 'redirect',
  version: 1,
  label: 'Redirect',
  category: 'Output',
  icon: 'corner-up-right',
  description: 'Answers with a redirect to an http(s) URL or a path of this site starting with "/" (302 by default).',
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
  check: (config) => {
    const literal = literalLocation(config.url);
    const problem = literal === undefined ? null : redirectLocationProblem(literal);
    return [
      ...(problem ? [{ field: 'url', message: problem, severity: 'error' as const }] : []),
      ...(config.status === 301
        ? [{ field: 'status', message: 'browsers cache a 301 for good: clients may never ask again, even after you change this flow', severity: 'warning' as const }]
        : []),
    ];
  },
  summary: (config) => `${String(config.status)} → ${shorten(config.url, 30)}`,
});
