/**
 * The SSRF guard's address classifier (src/verification/profile-fetch.ts): only the public
 * internet is fetched; loopback, private, link-local (cloud metadata), CGNAT, multicast, reserved
 * and documentation ranges are refused, also when written as IPv4-mapped IPv6.
 */
import { isPublicAddress } from '../../src/verification/profile-fetch';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1', '127.255.255.254', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
    '0.0.0.0', '224.0.0.1', '255.255.255.255', '192.0.2.10', '198.18.0.1',
    '::', '::1', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '2001:db8::1',
    '::ffff:127.0.0.1', '::ffff:169.254.169.254', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '64:ff9b::7f00:1',
    'not-an-ip', '', 'localhost',
  ])('%s is not public', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '151.101.1.140', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a03:2880:f12f:83:face:b00c::25de', '::ffff:8.8.8.8'])(
    '%s is public',
    (ip) => {
      expect(isPublicAddress(ip)).toBe(true);
    },
  );
});
