import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSnippets, shellQuote, snippetRequest, type SnippetEndpoint, type SnippetInput } from '../../shared/snippets.js';

const TOKEN = 'tok.en-value';
const RUNTIME = 'http://127.0.0.1:4310';
const NASTY = `it's "$HOME" \`whoami\` $(id) \\ ; & | > 100% ✓\nsecond line`;

const endpoint = (overrides: Partial<SnippetEndpoint> = {}): SnippetEndpoint => ({
  method: 'GET',
  path: '/users/:userId/posts/:slug',
  query: [],
  bodySchema: null,
  auth: { required: false, keyGroupIds: [], scopes: [] },
  ...overrides,
});

const input = (overrides: Partial<SnippetEndpoint> = {}, example?: SnippetInput['example']): SnippetInput => ({
  endpoint: endpoint(overrides),
  environment: 'dev',
  runtimeUrl: RUNTIME,
  ...(example ? { example } : {}),
});

/** Runs a curl snippet in bash with `curl` replaced by a function that prints its arguments, NUL-separated. */
function curlArgs(snippet: string): string[] {
  const script = `curl() { printf '%s\\0' "$@"; }\n${snippet}`;
  const out = execFileSync('bash', ['-c', script], { env: { PATH: process.env.PATH, HOME: '/home/nobody', FLOWGATE_TOKEN: TOKEN }, encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

/** Runs a fetch snippet in Node with `fetch` replaced by one that reports what it was asked. */
function fetchCall(snippet: string): { url: string; init: { method: string; headers?: Record<string, string>; body?: string } } {
  const stub = `globalThis.fetch = async (url, init) => { process.stdout.write(JSON.stringify({ url, init })); return { status: 200, text: async () => '' }; };\nconsole.log = () => {};\n`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', stub + snippet], { env: { FLOWGATE_TOKEN: TOKEN }, encoding: 'utf8' });
  return JSON.parse(out);
}

/** Runs a Python snippet against a stand-in `requests` module that prints how it was called. */
function pythonCall(snippet: string): any {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowgate-snippet-'));
  writeFileSync(
    path.join(dir, 'requests.py'),
    [
      'import json, sys',
      'class R:\n    status_code = 200\n    text = ""',
      'def _call(method):\n    def call(url, **kw):\n        sys.stdout.write(json.dumps({"method": method, "url": url, **kw}))\n        sys.stdout.flush()\n        return R()\n    return call',
      'get, post, put, patch, delete = (_call(m) for m in ("GET", "POST", "PUT", "PATCH", "DELETE"))',
      'import builtins\nbuiltins.print = lambda *a, **k: None',
    ].join('\n'),
  );
  return JSON.parse(execFileSync('python3', ['-c', snippet], { env: { ...process.env, PYTHONPATH: dir, FLOWGATE_TOKEN: TOKEN }, encoding: 'utf8' }));
}

const hasPython = (() => {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

describe('snippets', () => {
  it('fills path parameters with recognisable values and query parameters with defaults or placeholders', () => {
    const request = snippetRequest(input({
      query: [
        { name: 'limit', type: 'integer', required: false, default: 20 },
        { name: 'q', type: 'string', required: true },
        { name: 'tag', type: 'string', required: false },
        { name: 'size', type: 'integer', required: true, min: 5, max: 9 },
        { name: 'sort', type: 'string', required: true, enum: ['name', 'age'] },
        { name: 'since', type: 'string', required: true, format: 'date' },
        { name: 'team', type: 'string', required: true, example: 'core' },
      ],
    }));
    // A required parameter gets a value that fits what it declares, so the call is not refused for it.
    expect(request.url).toBe(`${RUNTIME}/dev/users/1/posts/slug?limit=20&q=string&size=5&sort=name&since=2024-01-31&team=core`);
    expect(request.body).toBeUndefined();
    expect(snippetRequest(input({ path: '/' })).url).toBe(`${RUNTIME}/dev`);
  });

  it('uses an example’s values, encoded', () => {
    const request = snippetRequest(input({ query: [{ name: 'q', type: 'string', required: false }] }, { params: { userId: 'a/b c', slug: 'x' }, query: { q: 'a&b=c' } }));
    expect(request.url).toBe(`${RUNTIME}/dev/users/a%2Fb%20c/posts/x?q=a%26b%3Dc`);
  });

  it('quotes for the shell so that nothing expands', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    const args = curlArgs(`curl ${shellQuote(NASTY)}`);
    expect(args).toEqual([NASTY]);
  });

  it('writes curl that sends exactly the body, and the token from $FLOWGATE_TOKEN', () => {
    const snippets = buildSnippets(input(
      { method: 'POST', path: '/notes', auth: { required: true, keyGroupIds: [], scopes: [] }, query: [{ name: 'q', type: 'string', required: false, default: "o'neil & co" }] },
      { body: { text: NASTY, n: 1 } },
    ));
    expect(snippets.curl).toContain('-H "Authorization: Bearer $FLOWGATE_TOKEN"');
    expect(snippets.curl).not.toContain(TOKEN);
    const args = curlArgs(snippets.curl);
    expect(args.slice(0, 3)).toEqual(['-X', 'POST', `${RUNTIME}/dev/notes?q=o'neil%20%26%20co`]);
    expect(args.slice(3, 7)).toEqual(['-H', `Authorization: Bearer ${TOKEN}`, '-H', 'Content-Type: application/json']);
    expect(args[7]).toBe('--data-raw');
    expect(JSON.parse(args[8]!)).toEqual({ text: NASTY, n: 1 });
  });

  it('writes fetch that sends the same request', () => {
    const snippets = buildSnippets(input({ method: 'PUT', path: '/items/:id', auth: { required: true, keyGroupIds: [], scopes: [] } }, { body: { text: NASTY, __proto__x: 1 } }));
    const call = fetchCall(snippets.fetch);
    expect(call.url).toBe(`${RUNTIME}/dev/items/1`);
    expect(call.init.method).toBe('PUT');
    expect(call.init.headers).toEqual({ Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' });
    expect(JSON.parse(call.init.body!)).toEqual({ text: NASTY, __proto__x: 1 });
    expect(fetchCall(buildSnippets(input()).fetch)).toEqual({ url: `${RUNTIME}/dev/users/1/posts/slug`, init: { method: 'GET' } });
  });

  it('keeps a "__proto__" key a property in fetch', () => {
    const body = JSON.parse('{"__proto__": {"admin": true}, "a": 1}');
    const call = fetchCall(buildSnippets(input({ method: 'POST', path: '/x' }, { body })).fetch);
    expect(call.init.body).toBe(JSON.stringify(body, null, 2));
  });

  it.skipIf(!hasPython)('writes Python requests that sends the same request', () => {
    const snippets = buildSnippets(input(
      { method: 'PATCH', path: '/items/:id', auth: { required: true, keyGroupIds: [], scopes: [] }, query: [{ name: 'dry', type: 'boolean', required: false, default: true }] },
      { body: { text: NASTY, list: [1, 2.5, null, false, { deep: [] }], empty: {} } },
    ));
    expect(snippets.python).toContain('os.environ["FLOWGATE_TOKEN"]');
    expect(pythonCall(snippets.python)).toEqual({
      method: 'PATCH',
      url: `${RUNTIME}/dev/items/1`,
      params: { dry: 'true' },
      headers: { Authorization: `Bearer ${TOKEN}` },
      json: { text: NASTY, list: [1, 2.5, null, false, { deep: [] }], empty: {} },
      timeout: 30,
    });
    expect(pythonCall(buildSnippets(input()).python)).toEqual({ method: 'GET', url: `${RUNTIME}/dev/users/1/posts/slug`, timeout: 30 });
  });

  it('builds the body from the schema when there is no example', () => {
    const request = snippetRequest(input({
      method: 'POST',
      path: '/users',
      bodySchema: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' }, age: { type: 'integer', minimum: 18 } } },
    }));
    expect(request.body).toEqual({ name: 'string', email: 'user@example.com', age: 18 });
    expect(snippetRequest(input({ method: 'DELETE', path: '/x' })).body).toBeUndefined();
    expect(snippetRequest(input({ method: 'POST', path: '/x' })).body).toEqual({});
  });

  it('shows the whole snippets readably', () => {
    const snippets = buildSnippets(input({ method: 'POST', path: '/users', auth: { required: true, keyGroupIds: [], scopes: [] }, bodySchema: { type: 'object', properties: { name: { type: 'string' } } } }));
    expect(snippets.curl).toBe(
      [`curl -X POST '${RUNTIME}/dev/users' \\`, '  -H "Authorization: Bearer $FLOWGATE_TOKEN" \\', `  -H 'Content-Type: application/json' \\`, `  --data-raw '{`, '  "name": "string"', `}'`].join('\n'),
    );
    expect(snippets.python).toBe(
      ['import os', '', 'import requests', '', 'response = requests.post(', `    "${RUNTIME}/dev/users",`, '    headers={"Authorization": "Bearer " + os.environ["FLOWGATE_TOKEN"]},', '    json={', '        "name": "string",', '    },', '    timeout=30,', ')', 'print(response.status_code, response.text)'].join('\n'),
    );
  });
});
