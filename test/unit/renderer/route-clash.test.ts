import { describe, expect, it } from 'vitest';
import { routeClash, routeClashMessage, routeShape } from '../../../renderer/api-list/route-clash.js';

const apis = [
  { id: 'a', name: 'Get user', method: 'GET', path: '/users/:id' },
  { id: 'b', name: 'List users', method: 'GET', path: '/users' },
  { id: 'c', name: 'Create user', method: 'POST', path: '/users' },
] as const;

describe('a method and path two APIs cannot share', () => {
  it('routes by shape: parameter names and a trailing slash do not count, letter case does', () => {
    expect(routeShape('GET', '/users/:userId/')).toBe(routeShape('GET', '/users/:id'));
    expect(routeShape('GET', '/')).toBe('GET /');
    expect(routeShape('GET', '/Users')).not.toBe(routeShape('GET', '/users'));
  });

  it('finds the other API with the same route, never the API itself', () => {
    expect(routeClash(apis, { id: null, method: 'GET', path: '/users/:key' })?.name).toBe('Get user');
    expect(routeClash(apis, { id: 'a', method: 'GET', path: '/users/:id' })).toBeUndefined();
    expect(routeClash(apis, { id: 'b', method: 'POST', path: '/users' })?.id).toBe('c');
    expect(routeClash(apis, { id: null, method: 'DELETE', path: '/users/:id' })).toBeUndefined();
  });

  it('says which API has it and what to change', () => {
    expect(routeClashMessage(apis[0])).toBe('“Get user” already answers GET /users/:id: two APIs cannot share a method and path. Change the path or the method.');
  });
});
