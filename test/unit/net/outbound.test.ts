import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTarget, createOutboundFetch, OutboundRefused, type ResolvedAddress } from '../../../server/net/outbound.js';

const DEFAULTS = { allowPrivate: false, allowHosts: [] as string[] };
const resolver = (answers: Record<string, string[]>) => async (hostname: string): Promise<ResolvedAddress[]> =>
  (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
const check = (url: string, settings = DEFAULTS, answers: Record<string, string[]> = {}) =>
  checkTarget(new URL(url), { settings, environment: 'dev', ownListeners: [{ name: 'admin', port: 4300, host: '127.0.0.1' }], resolve: resolver(answers) });

describe('the outbound policy', () => {
  it('lets public addresses through, as the address it checked', async () => {
    await expect(check('https://api.example/x', DEFAULTS, { 'api.example': ['93.184.216.34'] })).resolves.toEqual({ address: '93.184.216.34', family: 4 });
    await expect(check('http://[2606:4700::1]/')).resolves.toEqual({ address: '2606:4700::1', family: 6 });
  });

  it.each([
    ['loopback', 'http://127.0.0.2/'], ['decimal loopback', 'http://2130706433/'], ['octal', 'http://0177.0.0.1/'], ['hex', 'http://0x7f.1/'],
    ['IPv4-mapped', 'http://[::ffff:127.0.0.1]/'], ['IPv6 loopback', 'http://[::1]/'], ['RFC 1918', 'http://192.168.1.1/'], ['CGNAT', 'http://100.64.0.1/'],
    ['link-local', 'http://169.254.1.1/'], ['IPv6 link-local', 'http://[fe80::1]/'], ['unique local', 'http://[fd12::1]/'],
    ['metadata', 'http://169.254.169.254/'], ['mapped metadata', 'http://[::ffff:169.254.169.254]/'], ['AWS IPv6 metadata', 'http://[fd00:ec2::254]/'],
    ['unspecified', 'http://0.0.0.0/'], ['multicast', 'http://239.1.1.1/'], ['broadcast', 'http://255.255.255.255/'], ['NAT64', 'http://[64:ff9b::7f00:1]/'],
  ])('refuses %s (%s)', async (_what, url) => {
    await expect(check(url)).rejects.toBeInstanceOf(OutboundRefused);
  });

  it('refuses a name when any of its addresses is refused (no picking the good one)', async () => {
    await expect(check('http://mixed.example/', DEFAULTS, { 'mixed.example': ['93.184.216.34', '10.0.0.1'] })).rejects.toThrow(/10\.0\.0\.1.*private-network/);
  });

  it('allows private networks, or named hosts, only when the environment says so; metadata only by name', async () => {
    const allowPrivate = { allowPrivate: true, allowHosts: [] };
    await expect(check('http://10.0.0.5/', allowPrivate)).resolves.toMatchObject({ address: '10.0.0.5' });
    await expect(check('http://169.254.169.254/', allowPrivate)).rejects.toThrow(/cloud metadata/);
    await expect(check('http://169.254.169.254/', { allowPrivate: false, allowHosts: ['169.254.169.254'] })).resolves.toMatchObject({ address: '169.254.169.254' });
    await expect(check('http://db.corp.example/', { allowPrivate: false, allowHosts: ['*.corp.example'] }, { 'db.corp.example': ['10.1.1.1'] })).resolves.toBeDefined();
    await expect(check('http://corp.example.evil/', { allowPrivate: false, allowHosts: ['*.corp.example'] }, { 'corp.example.evil': ['10.1.1.1'] })).rejects.toThrow();
  });

  it("never reaches Flowgate's own listeners, whatever is allowed", async () => {
    const everything = { allowPrivate: true, allowHosts: ['localhost', '127.0.0.1'] };
    await expect(check('http://127.0.0.1:4300/', everything)).rejects.toThrow(/own admin listener/);
    await expect(check('http://localhost:4300/', everything, { localhost: ['127.0.0.1'] })).rejects.toThrow(/own admin listener/);
    await expect(check('http://2130706433:4300/', everything)).rejects.toThrow(/own admin listener/);
    await expect(check('http://127.0.0.1:4301/', everything)).resolves.toBeDefined();
  });
});

describe('the outbound fetch', () => {
  let upstream: Server;
  let port = 0;
  const seen: { host?: string; url?: string }[] = [];
  beforeAll(async () => {
    upstream = createServer((req, res) => {
      seen.push({ host: req.headers.host, url: req.url });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    port = (upstream.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => upstream.close(resolve)));

  it('connects to the address it checked, with no second lookup, and keeps the name as Host', async () => {
    let lookups = 0;
    const outbound = createOutboundFetch({
      settingsFor: () => ({ allowPrivate: false, allowHosts: ['upstream.test'] }),
      ownListeners: () => [],
      resolve: async () => {
        lookups++;
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    const response = await outbound(`http://upstream.test:${port}/pinned`, {}, { environment: 'dev' });
    expect(await response.json()).toEqual({ ok: true });
    expect(lookups).toBe(1);
    expect(seen.at(-1)).toEqual({ host: `upstream.test:${port}`, url: '/pinned' });
  });

  it('applies the strictest policy to a caller that names no environment', async () => {
    const outbound = createOutboundFetch({ settingsFor: () => ({ allowPrivate: true, allowHosts: [] }), ownListeners: () => [] });
    await expect(outbound(`http://127.0.0.1:${port}/`)).rejects.toBeInstanceOf(OutboundRefused);
  });
});
