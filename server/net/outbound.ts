import { lookup } from 'node:dns/promises';
import type ipaddr from 'ipaddr.js';
import { DEFAULT_OUTBOUND, type OutboundSettings } from '../../shared/model/environment.js';
import { classifyAddress, describeAddress, isThisMachine, parseAddress } from './addresses.js';
import { callAddress, type CheckedAddress } from './http-call.js';

/** A listener of this Flowgate (admin or runtime): never a flow's destination, whatever the policy. */
export type OwnListener = { name: string; port: number; host?: string };

/** Who is calling: the environment whose policy applies, and whether redirects are followed (each hop checked again). */
export type OutboundContext = { environment: string; redirect?: 'follow' | 'manual' };

/** fetch's shape plus the caller's context; without a context the strictest policy applies and redirects are not followed. */
export type OutboundFetch = (url: URL | string, init?: RequestInit, context?: OutboundContext) => Promise<Response>;

export type ResolvedAddress = { address: string; family: number };

export type OutboundOptions = {
  /** The environment's outbound settings; undefined (an unknown environment) means the defaults. */
  settingsFor: (environment: string) => OutboundSettings | undefined;
  ownListeners: () => readonly OwnListener[];
  /** Every address of a host name; dns.lookup by default. */
  resolve?: (hostname: string) => Promise<readonly ResolvedAddress[]>;
};

/** An outbound call the environment's policy does not allow: a node error, with the reason in the trace. */
export class OutboundRefused extends Error {
  readonly code = 'outbound_refused';
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

/** Hops a followed redirect may take before the call fails. */
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** Sent only to the origin they were meant for, as fetch does on a cross-origin redirect. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'] as const;

const resolveAll = (hostname: string): Promise<ResolvedAddress[]> => lookup(hostname, { all: true, verbatim: true });

/**
 * fetch for flows: resolves the host once, refuses what the environment's policy does not allow
 * (private, metadata, unroutable addresses in any spelling, and Flowgate's own listeners always),
 * then connects to exactly the address it checked.
 */
export function createOutboundFetch(options: OutboundOptions): OutboundFetch {
  const resolve = options.resolve ?? resolveAll;
  return async (input, init = {}, context) => {
    const environment = context?.environment ?? '';
    const settings = (context && options.settingsFor(context.environment)) ?? DEFAULT_OUTBOUND;
    let url = new URL(String(input));
    let method = (init.method ?? 'GET').toUpperCase();
    let body = bodyOf(init.body);
    const headers = new Headers(init.headers);
    for (let hop = 0; ; hop++) {
      const target = await checkTarget(url, { settings, environment, ownListeners: options.ownListeners(), resolve });
      const response = await callAddress({ url, method, headers, body, signal: init.signal ?? undefined }, target);
      const location = response.headers.get('location');
      if (context?.redirect !== 'follow' || !REDIRECT_STATUSES.has(response.status) || location === null) return response;
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new TypeError(`more than ${MAX_REDIRECTS} redirects, the last to ${location}`);
      const next = redirectTarget(url, location);
      if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      // As fetch does: a 303, or a 301/302 answering a POST, continues as a GET without a body.
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        headers.delete('content-type');
      }
      url = next;
    }
  };
}

function redirectTarget(from: URL, location: string): URL {
  const next = URL.canParse(location, from) ? new URL(location, from) : undefined;
  if (!next || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
    throw new OutboundRefused(`${from.origin} redirected to "${location}", which is not an http(s) URL`);
  }
  return next;
}

type CheckInput = { settings: OutboundSettings; environment: string; ownListeners: readonly OwnListener[]; resolve: (hostname: string) => Promise<readonly ResolvedAddress[]> };

/**
 * The address a call to this URL may connect to, or OutboundRefused saying why none may. Every
 * address the name resolves to must pass: one private answer among public ones refuses the host.
 */
export async function checkTarget(url: URL, input: CheckInput): Promise<CheckedAddress> {
  const hostname = hostOf(url);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const literal = parseAddress(hostname);
  const resolved = literal ? [{ address: literal.toString(), family: literal.kind() === 'ipv4' ? 4 : 6 }] : await input.resolve(hostname);
  const named = isNamedHost(hostname, literal, input.settings.allowHosts);
  const where = literal || resolved.length === 0 ? hostname : `${hostname} (${resolved.map((r) => r.address).join(', ')})`;
  let first: CheckedAddress | undefined;
  for (const entry of resolved) {
    const address = parseAddress(entry.address);
    if (!address) throw new OutboundRefused(`${hostname} resolved to "${entry.address}", which is not an IP address`);
    const own = input.ownListeners.find((listener) => listener.port === port && reachesListener(address, listener));
    if (own) throw new OutboundRefused(`${url.origin} is Flowgate's own ${own.name} listener: flows never call Flowgate itself`);
    if (!named) refuseByClass(url, where, address, input);
    first ??= { address: address.toString(), family: address.kind() === 'ipv4' ? 4 : 6 };
  }
  if (!first) throw new OutboundRefused(`${hostname} has no address`);
  return first;
}

function refuseByClass(url: URL, where: string, address: ipaddr.IPv4 | ipaddr.IPv6, input: CheckInput): void {
  const kind = classifyAddress(address);
  if (kind === 'public' || (kind === 'private' && input.settings.allowPrivate)) return;
  const is = `${where} is ${describeAddress(address)}`;
  const env = input.environment ? `the environment "${input.environment}"` : 'this call';
  const settings = input.environment ? ` (Environments ▸ ${input.environment} ▸ Outbound calls)` : '';
  if (kind === 'private') {
    throw new OutboundRefused(`${url.origin} refused: ${is}, and ${env} does not allow private networks. Allow them, or name the host, in its outbound settings${settings}.`);
  }
  if (kind === 'metadata') {
    throw new OutboundRefused(`${url.origin} refused: ${is}, which hands out cloud credentials; only naming it as an allowed host${settings} lets a flow call it.`);
  }
  throw new OutboundRefused(`${url.origin} refused: ${is}, not a service a flow can call.`);
}

/** The URL's host as the policy compares it: lower case, no brackets, no trailing dot. */
function hostOf(url: URL): string {
  const host = url.hostname.toLowerCase();
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  return bare.endsWith('.') ? bare.slice(0, -1) : bare;
}

/** An allowed host entry matches exactly, `*.example.com` matches its subdomains, an address matches any spelling of it. */
function isNamedHost(hostname: string, literal: ipaddr.IPv4 | ipaddr.IPv6 | undefined, allowHosts: readonly string[]): boolean {
  for (const raw of allowHosts) {
    const entry = raw.trim().toLowerCase();
    if (entry.startsWith('*.') ? hostname.endsWith(entry.slice(1)) : entry === hostname) return true;
    const entryAddress = literal && parseAddress(entry);
    if (entryAddress && entryAddress.kind() === literal.kind() && entryAddress.toNormalizedString() === literal.toNormalizedString()) return true;
  }
  return false;
}

function reachesListener(address: ipaddr.IPv4 | ipaddr.IPv6, listener: OwnListener): boolean {
  if (isThisMachine(address)) return true;
  const bound = listener.host === undefined ? undefined : parseAddress(listener.host);
  return bound !== undefined && bound.kind() === address.kind() && bound.toNormalizedString() === address.toNormalizedString();
}

function bodyOf(body: RequestInit['body']): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError('an outbound body is text or bytes');
}
