import { describe, expect, it } from 'vitest';
import { runNode, scopeOf } from './helpers.js';

describe('respond', () => {
  it('answers with status, text headers and body', async () => {
    const scope = scopeOf({ body: { name: 'Ada' } });
    const result = await runNode('respond', { status: 201, headers: { 'x-count': '3', 'x-name': 'request.body.name', 'x-none': 'request.nothing' }, body: 'request.body' }, scope);
    expect(result).toEqual({ outcome: { kind: 'respond', status: 201, headers: { 'x-count': '3', 'x-name': 'Ada' }, body: { name: 'Ada' } } });
  });

  it('has no body when the body expression is empty', async () => {
    expect(await runNode('respond', { status: 204, body: '' })).toEqual({ outcome: { kind: 'respond', status: 204, headers: {}, body: undefined } });
  });

  it('waits for headers given by JSONata', async () => {
    const result = await runNode('respond', { headers: { 'x-len': '$length("abc")' }, body: '{"ok": true}' });
    expect(result).toEqual({ outcome: { kind: 'respond', status: 200, headers: { 'x-len': '3' }, body: { ok: true } } });
  });
});

describe('redirect', () => {
  it('answers 302 by default', async () => {
    expect(await runNode('redirect', { url: '"/login"' })).toEqual({ outcome: { kind: 'redirect', status: 302, location: '/login' } });
  });

  it('uses the configured status and an evaluated location', async () => {
    const result = await runNode('redirect', { status: 308, url: '"https://example.com/u/" & request.params.id' }, scopeOf({ params: { id: '9' } }));
    expect(result).toEqual({ outcome: { kind: 'redirect', status: 308, location: 'https://example.com/u/9' } });
  });

  it('fails when the location is not a string', async () => {
    await expect(runNode('redirect', { url: 'request.params.missing' })).rejects.toMatchObject({ code: 'invalid_redirect' });
    await expect(runNode('redirect', { url: '42' })).rejects.toMatchObject({ code: 'invalid_redirect' });
  });
});

describe('fail', () => {
  it('ends with status, code and an evaluated message', async () => {
    const result = await runNode('fail', { status: 404, code: 'not_found', message: "'no user ' & request.params.id" }, scopeOf({ params: { id: '42' } }));
    expect(result).toEqual({ outcome: { kind: 'fail', status: 404, code: 'not_found', message: 'no user 42' } });
  });

  it('uses the defaults', async () => {
    expect(await runNode('fail', {})).toEqual({ outcome: { kind: 'fail', status: 400, code: 'bad_request', message: 'Something is wrong with the request' } });
  });
});
