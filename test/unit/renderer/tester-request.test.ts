import { describe, expect, it } from 'vitest';
import { curlCommand, fetchCode, snippetAuth } from '../../../renderer/tester/code-snippets.js';
import { initialDraft, newRow, outgoingRequest, queryRecord, reconcileDraft, requestUrl, type TestedEndpoint } from '../../../renderer/tester/request-model.js';

const getUser: TestedEndpoint = {
  method: 'GET',
  path: '/users/:id',
  query: [
    { name: 'fields', type: 'string', required: false },
    { name: 'limit', type: 'integer', required: false, default: 10 },
  ],
  bodySchema: null,
};
const createUser: TestedEndpoint = {
  method: 'POST',
  path: '/users',
  query: [],
  bodySchema: { type: 'object', properties: { name: { type: 'string', example: 'Ada' }, age: { type: 'integer' } }, required: ['name'] },
};

describe('the tester’s request', () => {
  it('starts from the endpoint: path params empty, declared query params, an example body from the schema', () => {
    const draft = initialDraft(getUser);
    expect(draft.params).toEqual({ id: '' });
    expect(draft.query.map((row) => [row.name, row.value, row.enabled])).toEqual([
      ['fields', '', false],
      ['limit', '10', true],
    ]);
    expect(draft.body).toBe('');
    expect(JSON.parse(initialDraft(createUser).body)).toEqual({ name: 'Ada', age: 1 });
  });

  it('builds the published URL with params filled and encoded, and ticked query lines only', () => {
    const draft = { ...initialDraft(getUser), params: { id: '4 2/x' } };
    expect(requestUrl('http://127.0.0.1:4310/', 'dev', getUser, draft)).toBe('http://127.0.0.1:4310/dev/users/4%202%2Fx?limit=10');
    expect(requestUrl('http://h', 'dev', getUser, initialDraft(getUser))).toBe('http://h/dev/users/:id?limit=10');
  });

  it('keeps a remembered request in step with an edited path and newly declared query params', () => {
    const draft = { ...initialDraft(getUser), params: { id: '7' } };
    const edited = reconcileDraft(draft, { ...getUser, path: '/users/:id/posts/:postId', query: [...getUser.query, { name: 'sort', type: 'string', required: true }] });
    expect(edited.params).toEqual({ id: '7', postId: '' });
    expect(edited.query.map((row) => row.name)).toEqual(['fields', 'limit', 'sort']);
    expect(reconcileDraft(draft, getUser)).toBe(draft);
  });

  it('sends a name given twice as a list in a test-run, and leaves Authorization to the token field', () => {
    expect(queryRecord([newRow('tag', 'a'), newRow('tag', 'b'), newRow('q', 'x', false)])).toEqual({ tag: ['a', 'b'] });
    const draft = { ...initialDraft(createUser), headers: [newRow('Authorization', 'Bearer typed'), newRow('X-Trace', 'yes')] };
    const request = outgoingRequest('http://h', 'dev', createUser, draft);
    expect(request.headers).toEqual([
      ['X-Trace', 'yes'],
      ['Content-Type', 'application/json'],
    ]);
  });
});

describe('copy as curl and fetch', () => {
  const request = outgoingRequest('http://127.0.0.1:4310', 'dev', createUser, { ...initialDraft(createUser), body: `{"name": "O'Brien"}` });

  it('puts the token in $FLOWGATE_TOKEN unless asked to include it', () => {
    expect(snippetAuth({ required: true, token: null, includeToken: true })).toEqual({ kind: 'placeholder' });
    expect(snippetAuth({ required: false, token: 'abc', includeToken: false })).toEqual({ kind: 'placeholder' });
    expect(snippetAuth({ required: false, token: null, includeToken: false })).toEqual({ kind: 'none' });
    expect(snippetAuth({ required: true, token: 'abc', includeToken: true })).toEqual({ kind: 'inline', token: 'abc' });

    const curl = curlCommand(request, { kind: 'placeholder' });
    expect(curl).toContain('-H "Authorization: Bearer $FLOWGATE_TOKEN"');
    expect(curl).toContain(`--data-raw '{"name": "O'\\''Brien"}'`);
    expect(curl.startsWith(`curl -i -X POST 'http://127.0.0.1:4310/dev/users'`)).toBe(true);
    expect(curlCommand(request, { kind: 'inline', token: 'tok.en.x' })).toContain(`-H 'Authorization: Bearer tok.en.x'`);
  });

  it('writes fetch with the body as the exact text typed', () => {
    const code = fetchCode(request, { kind: 'placeholder' });
    expect(code).toContain('Authorization: `Bearer ${process.env.FLOWGATE_TOKEN}`');
    expect(code).toContain(`body: ${JSON.stringify(`{"name": "O'Brien"}`)},`);
    expect(fetchCode(request, { kind: 'inline', token: 'T' })).toContain('Authorization: "Bearer T"');
  });
});
