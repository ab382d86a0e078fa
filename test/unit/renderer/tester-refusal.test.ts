import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../renderer/tester/refusal-context.js';
import { refusalRule, type Refusal } from '../../../renderer/tester/refusal.js';

const token = { name: 'mobile-app', environment: 'prod', scopes: ['users:read'], ipAllowlist: ['10.0.0.0/8'], groupIds: ['internal'] };
const base: Refusal = {
  code: null,
  message: null,
  environment: 'dev',
  token,
  auth: { keyGroupIds: ['partners'], scopes: ['users:read', 'users:write'] },
  groupNames: new Map([
    ['partners', 'Partners'],
    ['internal', 'Internal'],
  ]),
  callerIp: '127.0.0.1',
};

describe('the 403 hint names the rule that refused', () => {
  it('environment', () => {
    expect(refusalRule({ ...base, code: 'wrong_environment' })).toEqual({ rule: 'environment', title: 'Refused by the environment rule', detail: '“mobile-app” is a prod token, and this request went to dev.' });
  });

  it('IP allowlist, with the caller’s address', () => {
    expect(refusalRule({ ...base, code: 'ip_not_allowed' }).detail).toBe('the request came from 127.0.0.1, which “mobile-app” does not allow (it allows 10.0.0.0/8).');
  });

  it('key groups, by name', () => {
    expect(refusalRule({ ...base, code: 'not_in_key_group' }).detail).toBe('this API accepts only tokens in Partners; “mobile-app” is in Internal.');
    expect(refusalRule({ ...base, code: 'not_in_key_group', auth: null, token: null }).detail).toBe('this API accepts only tokens in its key groups.');
  });

  it('scopes: the missing ones', () => {
    expect(refusalRule({ ...base, code: 'insufficient_scope' }).detail).toBe('“mobile-app” lacks users:write (this API requires users:read, users:write).');
    const message = 'The token lacks a scope this API requires (users:write).';
    expect(refusalRule({ ...base, code: 'insufficient_scope', auth: null, message }).detail).toBe(message);
  });

  it('anything else: the runtime’s own message', () => {
    expect(refusalRule({ ...base, code: 'forbidden', message: 'No.' })).toEqual({ rule: 'other', title: 'Refused', detail: 'No.' });
  });

  it('reads the code and message of the error shape', () => {
    expect(errorOf('{"error":{"code":"ip_not_allowed","message":"The token may not be used from this address.","requestId":"r1"}}')).toEqual({
      code: 'ip_not_allowed',
      message: 'The token may not be used from this address.',
    });
    expect(errorOf('not json')).toEqual({ code: null, message: null });
  });
});
