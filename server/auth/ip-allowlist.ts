import ipaddr from 'ipaddr.js';

type V4Range = [ipaddr.IPv4, number];
type V6Range = [ipaddr.IPv6, number];

/** An allowlist parsed once, split by family so a request compares only like with like. */
export type ParsedAllowlist = { readonly empty: boolean; readonly v4: V4Range[]; readonly v6: V6Range[] };

const IPV4_BITS = 32;
const IPV6_BITS = 128;
const MAPPED_PREFIX_BITS = 96;
const PREFIX = /^(?:0|[1-9]\d{0,2})$/;

export class AllowlistError extends Error {
  constructor(readonly entry: string) {
    super(`"${entry}" is not an IPv4 or IPv6 address or CIDR range`);
    this.name = 'AllowlistError';
  }
}

/** Throws AllowlistError naming the first bad entry. A bare address means /32 or /128. */
export function parseAllowlist(entries: readonly string[]): ParsedAllowlist {
  const v4: V4Range[] = [];
  const v6: V6Range[] = [];
  for (const entry of entries) {
    const range = parseRange(entry.trim());
    if (!range) throw new AllowlistError(entry);
    if (range[0].kind() === 'ipv4') v4.push(range as V4Range);
    else v6.push(range as V6Range);
  }
  return { empty: v4.length + v6.length === 0, v4, v6 };
}

export function ipAllowed(list: ParsedAllowlist, clientIp: string): boolean {
  if (list.empty) return true;
  const address = parseClient(clientIp);
  if (!address) return false;
  if (address.kind() === 'ipv4') {
    for (const range of list.v4) if ((address as ipaddr.IPv4).match(range)) return true;
    return false;
  }
  for (const range of list.v6) if ((address as ipaddr.IPv6).match(range)) return true;
  return false;
}

function parseRange(text: string): V4Range | V6Range | null {
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? null : text.slice(slash + 1);
  if (!ipaddr.IPv4.isValidFourPartDecimal(addressText) && !ipaddr.IPv6.isValid(addressText)) return null;
  const address = ipaddr.parse(addressText);
  const bits = address.kind() === 'ipv4' ? IPV4_BITS : IPV6_BITS;
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).zoneId) return null;
  const prefix = prefixText === null ? bits : PREFIX.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) return null;
  // `::ffff:10.0.0.0/104` means 10.0.0.0/8: clients reached over IPv6 sockets are compared as IPv4.
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= MAPPED_PREFIX_BITS) {
    return [(address as ipaddr.IPv6).toIPv4Address(), prefix - MAPPED_PREFIX_BITS];
  }
  return address.kind() === 'ipv4' ? [address as ipaddr.IPv4, prefix] : [address as ipaddr.IPv6, prefix];
}

function parseClient(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!ipaddr.isValid(text)) return null;
  const address = ipaddr.parse(text);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) return (address as ipaddr.IPv6).toIPv4Address();
  return address;
}
