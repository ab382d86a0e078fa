import { shellQuote, TOKEN_VARIABLE } from '../../shared/snippets.js';
import type { OutgoingRequest } from './request-model.js';

/**
 * How the copied code authenticates: not at all, with the token read from `$FLOWGATE_TOKEN`, or with the
 * token written inline (only when the user ticks "include token").
 */
export type SnippetAuth = { kind: 'none' } | { kind: 'placeholder' } | { kind: 'inline'; token: string };

/** Inline only when asked and there is a token; a placeholder when the API wants one or one is chosen. */
export function snippetAuth(options: { required: boolean; token: string | null; includeToken: boolean }): SnippetAuth {
  if (options.token && options.includeToken) return { kind: 'inline', token: options.token };
  return options.required || options.token ? { kind: 'placeholder' } : { kind: 'none' };
}

/** A POSIX shell command that sends what the tester sends. */
export function curlCommand(request: OutgoingRequest, auth: SnippetAuth): string {
  const lines = [`curl -i ${request.method === 'GET' ? '' : `-X ${request.method} `}${shellQuote(request.url)}`];
  // Double quotes so the shell expands the variable; the rest of that line holds nothing special.
  if (auth.kind === 'placeholder') lines.push(`-H "Authorization: Bearer $${TOKEN_VARIABLE}"`);
  if (auth.kind === 'inline') lines.push(`-H ${shellQuote(`Authorization: Bearer ${auth.token}`)}`);
  for (const [name, value] of request.headers) lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (request.body !== undefined) lines.push(`--data-raw ${shellQuote(request.body)}`);
  return lines.join(' \\\n  ');
}

/** JavaScript (Node 18+ or a browser module) that sends what the tester sends. */
export function fetchCode(request: OutgoingRequest, auth: SnippetAuth): string {
  const headers: string[] = [];
  if (auth.kind === 'placeholder') headers.push(`    Authorization: \`Bearer \${process.env.${TOKEN_VARIABLE}}\`,`);
  if (auth.kind === 'inline') headers.push(`    Authorization: ${JSON.stringify(`Bearer ${auth.token}`)},`);
  for (const [name, value] of request.headers) headers.push(`    ${JSON.stringify(name)}: ${JSON.stringify(value)},`);
  const options = [`  method: ${JSON.stringify(request.method)},`];
  if (headers.length > 0) options.push('  headers: {', ...headers, '  },');
  // The body as the exact text typed, so what runs is byte for byte what the tester sent.
  if (request.body !== undefined) options.push(`  body: ${JSON.stringify(request.body)},`);
  return [
    `const response = await fetch(${JSON.stringify(request.url)}, {`,
    ...options,
    '});',
    'console.log(response.status, await response.text());',
  ].join('\n');
}
