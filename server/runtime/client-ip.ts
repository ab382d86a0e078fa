import type { IncomingMessage } from 'node:http';
import { ipAllowed, parseAllowlist } from '../auth/ip-allowlist.js';

/** The caller's address, with IPv4-mapped IPv6 (`::ffff:10.0.0.1`) shown as IPv4. */
export function socketIp(req: IncomingMessage): string {
  return normalize(req.socket.remoteAddress ?? '');
}

const normalize = (address: string): string => (address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address);

/**
 * How the runtime tells who is calling. `X-Forwarded-For` is ignored unless the connection comes
 * from a trusted proxy (CIDRs in FLOWGATE_TRUSTED_PROXIES); then the client is the right-most
 * address in the header that is not itself a trusted proxy, so a caller cannot pick its own IP by
 * prepending to the header.
 */
export function clientIpResolver(trustedProxies: readonly string[]): (req: IncomingMessage) => string {
  if (trustedProxies.length === 0) return socketIp;
  const trusted = parseAllowlist(trustedProxies);
  return (req) => {
    let address = socketIp(req);
    const header = req.headers['x-forwarded-for'];
    if (!ipAllowed(trusted, address) || header === undefined) return address;
    const hops = (Array.isArray(header) ? header.join(',') : header).split(',');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = normalize(hops[i]!.trim());
      if (hop === '') continue;
      address = hop;
      if (!ipAllowed(trusted, hop)) break;
    }
    return address;
  };
}
