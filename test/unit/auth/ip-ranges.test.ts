import { describe, expect, it } from 'vitest';
import { AllowlistError, ipAllowed, parseAllowlist } from '../../../server/auth/ip-allowlist.js';
import { IpRange, isCidr } from '../../../shared/model/token.js';

const VALID = ['10.0.0.0/8', '192.168.1.5', '0.0.0.0/0', '::', '::1', '1::', '::ffff:10.1.2.3', '2001:db8::/32', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::/0', '::1.2.3.4', '1:2:3:4:5:6:1.2.3.4', 'FE80::1/64'];
const INVALID = ['', '1.2.3.4/33', '010.1.1.1', '10.1', '256.0.0.1', '1:2:3:4:5:6:7:8:9', 'fe80::1%eth0', '1.2.3.4/08', ':1::', '1:::2', '1::2::3', '1:2:3:4:5:6:7:1.2.3.4', '::/129', 'example.com', '10.0.0.0/-1'];

describe('IP ranges', () => {
  it('the shared schema and the server agree on what is an address or CIDR', () => {
    for (const entry of VALID) {
      expect(isCidr(entry), entry).toBe(true);
      expect(() => parseAllowlist([entry]), entry).not.toThrow();
    }
    for (const entry of INVALID) {
      expect(isCidr(entry), entry).toBe(false);
      expect(() => parseAllowlist([entry]), entry).toThrow(AllowlistError);
    }
    expect(IpRange.safeParse(' 10.0.0.0/8 ')).toEqual({ success: true, data: '10.0.0.0/8' });
  });

  it('matches clients of either family, mapped addresses as IPv4', () => {
    const list = parseAllowlist(['10.0.0.0/8', '2001:db8::/32', '192.168.1.5']);
    expect(ipAllowed(list, '10.255.0.1')).toBe(true);
    expect(ipAllowed(list, '::ffff:10.1.2.3')).toBe(true);
    expect(ipAllowed(list, '2001:db8:1::1')).toBe(true);
    expect(ipAllowed(list, '192.168.1.5')).toBe(true);
    expect(ipAllowed(list, '192.168.1.4')).toBe(false);
    expect(ipAllowed(list, '2001:db9::1')).toBe(false);
    expect(ipAllowed(parseAllowlist([]), 'anything')).toBe(true);
  });
});
