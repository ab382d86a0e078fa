import { BODY_METHODS, declaredPathParams, type ApiDefinition, type PathParam, type QueryParam } from './model/api.js';
import { fieldSchema } from './input-form.js';
import { exampleFromSchema } from './schema-example.js';

export const SNIPPET_LANGUAGES = [
  { id: 'curl', label: 'curl' },
  { id: 'fetch', label: 'fetch' },
  { id: 'python', label: 'Python' },
] as const;
export type SnippetLanguage = (typeof SNIPPET_LANGUAGES)[number]['id'];

/** The name of the environment variable the snippets read the token from: they never hold a token. */
export const TOKEN_VARIABLE = 'FLOWGATE_TOKEN';

export type SnippetEndpoint = Pick<ApiDefinition, 'method' | 'path' | 'query' | 'bodySchema' | 'auth'> & { params?: readonly PathParam[] };

export type SnippetInput = {
  endpoint: SnippetEndpoint;
  environment: string;
  /** The runtime's base URL, e.g. `http://127.0.0.1:4310`. */
  runtimeUrl: string;
  /** Values to use instead of generated ones, e.g. from a marked example. */
  example?: { params?: Record<string, string>; query?: Record<string, string | string[]>; body?: unknown };
};

/** What every snippet sends, worked out once. */
export type SnippetRequest = { method: string; url: string; query: [string, string][]; auth: boolean; body: unknown };

const ID_LIKE = /^(?:id|.*Id|.*_id|.*ID)$/;

/** A path parameter's value: the example's, else one that fits its declaration, else `:id` → `1`, `:slug` → `slug`. */
function paramValue(name: string, input: SnippetInput): string {
  const given = input.example?.params?.[name];
  if (given !== undefined) return given;
  const declared = declaredPathParams({ path: input.endpoint.path, params: input.endpoint.params ?? [] }).find((param) => param.name === name);
  if (declared && (declared.type !== 'string' || declared.format || declared.enum || declared.example !== undefined || declared.min !== undefined)) {
    return String(declared.example ?? exampleFromSchema(fieldSchema({ ...declared, required: true })));
  }
  return ID_LIKE.test(name) ? '1' : name;
}

/** A required parameter's value when nothing gives one: its example, else one that fits its type, format, bounds and allowed values. */
const requiredValue = (param: QueryParam): string | number | boolean => (param.example ?? exampleFromSchema(fieldSchema({ ...param, required: true }))) as string | number | boolean;

/** Declared query parameters that matter: the example's, the defaults, and a value that fits for required ones. */
function queryValues(params: readonly QueryParam[], input: SnippetInput): [string, string][] {
  const values: [string, string][] = [];
  for (const param of params) {
    const given = input.example?.query?.[param.name];
    const value = given ?? param.default ?? (param.required ? requiredValue(param) : undefined);
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) values.push([param.name, String(one)]);
  }
  return values;
}

export function snippetRequest(input: SnippetInput): SnippetRequest {
  const { endpoint } = input;
  const path = endpoint.path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? encodeURIComponent(paramValue(segment.slice(1), input)) : segment))
    .join('/');
  const base = `${input.runtimeUrl.replace(/\/+$/, '')}/${input.environment}${path === '/' ? '' : path}`;
  const query = queryValues(endpoint.query, input);
  const search = query.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
  const hasBody = BODY_METHODS.has(endpoint.method);
  const body = hasBody ? (input.example?.body ?? (endpoint.bodySchema ? exampleFromSchema(endpoint.bodySchema) : {})) : undefined;
  return { method: endpoint.method, url: search ? `${base}?${search}` : base, query, auth: endpoint.auth.required, body };
}

/** Single-quoted for POSIX shells: nothing inside is expanded; a `'` closes, escapes and reopens. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

const pretty = (value: unknown): string => JSON.stringify(value, null, 2) ?? 'null';

export function curlSnippet(request: SnippetRequest): string {
  const lines = [`curl ${request.method === 'GET' ? '' : `-X ${request.method} `}${shellQuote(request.url)}`];
  // Double quotes, so the shell expands the variable; nothing else in this line is special.
  if (request.auth) lines.push(`-H "Authorization: Bearer $${TOKEN_VARIABLE}"`);
  if (request.body !== undefined) lines.push(`-H ${shellQuote('Content-Type: application/json')}`, `--data-raw ${shellQuote(pretty(request.body))}`);
  return lines.join(' \\\n  ');
}

export function fetchSnippet(request: SnippetRequest): string {
  const headers: string[] = [];
  if (request.auth) headers.push(`Authorization: \`Bearer \${process.env.${TOKEN_VARIABLE}}\``);
  if (request.body !== undefined) headers.push(`'Content-Type': 'application/json'`);
  const options = [`  method: '${request.method}',`];
  if (headers.length > 0) options.push('  headers: {', ...headers.map((line) => `    ${line},`), '  },');
  if (request.body !== undefined) {
    const json = pretty(request.body);
    // An object literal would turn a "__proto__" key into the prototype; the JSON text keeps it a property.
    const literal = json.includes('"__proto__"') ? JSON.stringify(json) : `JSON.stringify(${indent(json, '  ')})`;
    options.push(`  body: ${literal},`);
  }
  return [
    `const response = await fetch(${JSON.stringify(request.url)}, {`,
    ...options,
    '});',
    'console.log(response.status, await response.text());',
  ].join('\n');
}

export function pythonSnippet(request: SnippetRequest): string {
  const base = request.query.length > 0 ? request.url.slice(0, request.url.indexOf('?')) : request.url;
  const args = [`    ${JSON.stringify(base)},`];
  if (request.query.length > 0) {
    const params = request.query.map(([name, value]) => `${JSON.stringify(name)}: ${JSON.stringify(value)}`);
    // A list where a name repeats, since a dict cannot hold it twice.
    const repeated = new Set(request.query.map(([name]) => name)).size < request.query.length;
    args.push(repeated ? `    params=[${request.query.map(([n, v]) => `(${JSON.stringify(n)}, ${JSON.stringify(v)})`).join(', ')}],` : `    params={${params.join(', ')}},`);
  }
  if (request.auth) args.push(`    headers={"Authorization": "Bearer " + os.environ["${TOKEN_VARIABLE}"]},`);
  if (request.body !== undefined) args.push(`    json=${indent(pythonLiteral(request.body), '    ')},`);
  args.push('    timeout=30,');
  return [
    ...(request.auth ? ['import os', ''] : []),
    'import requests',
    '',
    `response = requests.${request.method.toLowerCase()}(`,
    ...args,
    ')',
    'print(response.status_code, response.text)',
  ].join('\n');
}

/** A JSON value as Python source: dicts, lists, True/False/None; JSON's string escapes are Python's too. */
export function pythonLiteral(value: unknown, level = 0): string {
  const pad = '    '.repeat(level + 1);
  const close = '    '.repeat(level);
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'None';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    return value.length === 0 ? '[]' : `[\n${value.map((item) => `${pad}${pythonLiteral(item, level + 1)},`).join('\n')}\n${close}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, item]) => `${pad}${JSON.stringify(key)}: ${pythonLiteral(item, level + 1)},`).join('\n')}\n${close}}`;
}

const indent = (text: string, by: string): string => text.replace(/\n/g, `\n${by}`);

/** curl, fetch and Python requests for one API in one environment. */
export function buildSnippets(input: SnippetInput): Record<SnippetLanguage, string> {
  const request = snippetRequest(input);
  return { curl: curlSnippet(request), fetch: fetchSnippet(request), python: pythonSnippet(request) };
}
