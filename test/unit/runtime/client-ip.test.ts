import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIpResolver, socketIp } from '../../../server/runtime/client-ip.js';

const request = (remoteAddress: string, forwardedFor?: string): IncomingMessage =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('client address', () => {
  it('is the socket address, IPv4-mapped shown as IPv4, whatever X-Forwarded-For says', () => {
    expect(socketIp(request('::ffff:10.1.2.3'))).toBe('10.1.2.3');
    expect(socketIp(request('2001:db8::1'))).toBe('2001:db8::1');
    expect(clientIpResolver([])(request('127.0.0.1', '10.9.9.9'))).toBe('127.0.0.1');
  });

  it('believes X-Forwarded-For only from a trusted proxy, taking the right-most untrusted hop', () => {
    const resolve = clientIpResolver(['127.0.0.1/32', '10.0.0.0/8']);
    expect(resolve(request('127.0.0.1', '203.0.113.7'))).toBe('203.0.113.7');
    // A caller prepending its own guess cannot choose its address: the proxy appended the real one.
    expect(resolve(request('127.0.0.1', '10.1.1.1, 203.0.113.7'))).toBe('203.0.113.7');
    // Hops through trusted proxies are skipped.
    expect(resolve(request('::ffff:127.0.0.1', '198.51.100.2, 10.0.0.5'))).toBe('198.51.100.2');
    // An untrusted peer's header is ignored.
    expect(resolve(request('192.0.2.1', '10.1.1.1'))).toBe('192.0.2.1');
    // Only trusted hops: the left-most one is as far as we can see.
    expect(resolve(request('127.0.0.1', '10.0.0.9'))).toBe('10.0.0.9');
    expect(resolve(request('127.0.0.1'))).toBe('127.0.0.1');
  });
});
