import { describe, expect, it } from 'vitest';
import { redirect, redirectLocationProblem } from '../../../shared/nodes/redirect.js';
import { runNode, scopeOf } from './helpers.js';

/** Finding 7: the Redirect node sent `Location: javascript:alert(1)` and `//evil.example`. */
describe('redirect targets', () => {
  it.each(['/', '/home', '/a//b?next=//x', 'https://example.com/x', 'HTTP://example.com'])('accepts %s', (location) => {
    expect(redirectLocationProblem(location)).toBeNull();
  });

  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', '//evil.example', '/\\evil.example', '/\t/evil.example', 'data:text/html,x', 'evil.example', ' https://example.com', 'https:evil.example', 'mailto:a@b.c', ''])(
    'refuses %j',
    (location) => {
      expect(redirectLocationProblem(location)).not.toBeNull();
    },
  );

  it('refuses them when a flow computes them: a node error, never a Location header', async () => {
    for (const location of ['javascript:alert(1)', '//evil.example']) {
      await expect(runNode('redirect', { url: 'request.query.next' }, scopeOf({ query: { next: location } }))).rejects.toMatchObject({
        code: 'invalid_redirect',
        message: expect.stringContaining('single "/"'),
      });
    }
  });

  it('flags a fixed bad URL when the flow is checked, before it is published', () => {
    expect(redirect.check?.({ url: '"//evil.example"', status: 302 })).toEqual([expect.objectContaining({ field: 'url', severity: 'error' })]);
    expect(redirect.check?.({ url: '"/login"', status: 302 })).toEqual([]);
    expect(redirect.check?.({ url: 'request.query.next', status: 302 })).toEqual([]);
  });
});
