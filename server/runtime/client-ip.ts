import type { IncomingMessage } from 'node:http';

/** The caller's address, with IPv4-mapped IPv6 (`::ffff:10.0.0.1`) shown as IPv4. */
export function socketIp(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
