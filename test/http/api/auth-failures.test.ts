import type { Request } from 'restify';
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../../src/http/api/auth-failures.js';

const from = (remoteAddress: string) => ({ socket: { remoteAddress } }) as unknown as Request;

describe('clientAddress', () => {
  it('counts an IPv4 client by its address, also when it comes IPv4-mapped', () => {
    expect(clientAddress(from('203.0.113.7'))).toBe('203.0.113.7');
    expect(clientAddress(from('::ffff:203.0.113.7'))).toBe('203.0.113.7');
  });

  it('counts an IPv6 client by its /64, which one machine usually holds whole', () => {
    expect(clientAddress(from('2001:db8:1:2:aaaa::1'))).toBe('2001:db8:1:2::/64');
    expect(clientAddress(from('2001:DB8:1:2:ffff:ffff:ffff:ffff'))).toBe('2001:db8:1:2::/64');
    expect(clientAddress(from('2001:db8::9'))).toBe('2001:db8:0:0::/64');
    expect(clientAddress(from('::1'))).toBe('0:0:0:0::/64');
  });
});
