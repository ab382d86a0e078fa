import { networkInterfaces } from 'node:os';
import ipaddr from 'ipaddr.js';

/**
 * Where an outbound call would land, as the policy judges it:
 * - `public`: a globally routed unicast address;
 * - `private`: this machine or a private network (loopback, RFC 1918, CGNAT, link-local, unique local);
 * - `metadata`: a cloud provider's instance-metadata service, which hands out credentials;
 * - `unroutable`: unspecified, broadcast, multicast, reserved or tunnelling ranges: never a service.
 */
export type AddressClass = 'public' | 'private' | 'metadata' | 'unroutable';

const PRIVATE_RANGES: ReadonlySet<string> = new Set(['loopback', 'private', 'carrierGradeNat', 'linkLocal', 'uniqueLocal']);
/** AWS, GCP, Azure, OpenStack (169.254.169.254), AWS over IPv6, Alibaba Cloud, Oracle Cloud. */
const METADATA_ADDRESSES: ReadonlySet<string> = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '192.0.0.192']);

/** Parses an address in any spelling ipaddr.js knows, an IPv4-mapped IPv6 address as the IPv4 address it carries; undefined when it is none. */
export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return ipaddr.isValid(bare) ? ipaddr.process(bare) : undefined;
}

export function classifyAddress(address: ipaddr.IPv4 | ipaddr.IPv6): AddressClass {
  if (METADATA_ADDRESSES.has(address.toNormalizedString()) || METADATA_ADDRESSES.has(address.toString())) return 'metadata';
  const range = address.range();
  if (range === 'unicast') return 'public';
  if (PRIVATE_RANGES.has(range)) return 'private';
  return 'unroutable';
}

/** Said in a refusal: what kind of address it is. */
export function describeAddress(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  const range = address.range();
  if (classifyAddress(address) === 'metadata') return 'a cloud metadata address';
  const names: Record<string, string> = {
    loopback: 'a loopback address (this machine)',
    private: 'a private-network address',
    carrierGradeNat: 'a carrier-grade NAT address',
    linkLocal: 'a link-local address',
    uniqueLocal: 'a private-network (unique local) address',
    unspecified: 'the unspecified address (this machine)',
    multicast: 'a multicast address',
    broadcast: 'the broadcast address',
  };
  return names[range] ?? `a reserved address (${range})`;
}

/** True when the address reaches this machine: loopback, unspecified, or one of its interfaces' addresses. */
export function isThisMachine(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  const range = address.range();
  if (range === 'loopback' || range === 'unspecified') return true;
  const text = address.toNormalizedString();
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      const own = parseAddress(entry.address.split('%')[0]!);
      if (own && own.kind() === address.kind() && own.toNormalizedString() === text) return true;
    }
  }
  return false;
}
