import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPrivateAddress, specialPurpose, SsrfError } from './ssrf.js';

const v4 = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
const hex = (n: number) => `${((n >>> 16) & 0xffff).toString(16)}:${(n & 0xffff).toString(16)}`;
const v4Num = (a: string) => a.split('.').reduce((n, p) => n * 256 + Number(p), 0);
/** A random address inside an IPv4 block. */
const inV4 = (net: string, prefix: number) => fc.integer({ min: 0, max: 2 ** (32 - prefix) - 1 }).map((k) => v4(v4Num(net) + k));

const IPV4_BLOCKS: [string, number][] = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.31.196.0', 24], ['192.52.193.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16],
  ['192.175.48.0', 24], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
];

const PUBLIC_V4 = ['8.8.8.8', '1.1.1.1', '175.45.176.1', '210.52.109.22', '99.255.255.255', '100.63.255.255', '100.128.0.0', '172.32.0.1', '198.20.0.1', '223.255.255.255', '11.0.0.1'];
const PUBLIC_V6 = ['2606:4700:4700::1111', '2001:4860:4860::8888', '2a00:1450:4001:80b::200e', '2001:200::1', '2400:cb00::1', '2620:fe::fe', '2001:db9::1', '2003::1'];

describe('SSRF guard: explicit cases', () => {
  it.each([
    ...IPV4_BLOCKS.map(([n]) => n),
    '255.255.255.255', '169.254.169.254', '100.100.100.200', '198.19.255.255', '239.255.255.250',
    '::', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::FFFF:10.0.0.1', '::ffff:169.254.169.254',
    '::127.0.0.1', '::8.8.8.8', '::a00:1', // IPv4-compatible, whatever it carries
    '::ffff:0:8.8.8.8', // IPv4-translated
    '64:ff9b::8.8.8.8', '64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '64:ff9b:1::1', '64:ff9b:1:ffff::8.8.8.8', // NAT64
    '2002:7f00:1::', '2002:a9fe:a9fe::1', '2002:808:808::1', // 6to4 (private or not inside)
    '2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo
    '2001:2::1', '2001:10::1', '2001:1f::1', '2001:20::1', '2001:2f:ffff::1', '2001:1::1', '2001:3::1', '2001:4:112::1', '2001:30::1',
    '2001:db8::1', '2001:db8:ffff::', '3fff::1', '100::1', '100:0:0:1::1', '5f00::1', '2620:4f:8000::1',
    'fc00::1', 'fd12:3456::1', 'fd00:ec2::254', 'fe80::1', 'fe80::1%eth0', 'febf::1', 'fec0::1', 'ff02::1', 'ff05::1:3',
    '4000::1', 'e000::1', '1::1', // outside 2000::/3
  ])('%s is refused', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
    expect(specialPurpose(address)).toBeTruthy();
  });

  it.each([...PUBLIC_V4, ...PUBLIC_V6, '::ffff:8.8.8.8', '::ffff:808:808'])('%s is allowed', (address) => {
    expect(specialPurpose(address)).toBeNull();
    expect(isPrivateAddress(address)).toBe(false);
  });

  it('names the block and the IPv4 address an IPv6 one carries', () => {
    expect(specialPurpose('64:ff9b::7f00:1')).toBe('NAT64, carrying 127.0.0.1');
    expect(specialPurpose('2002:a9fe:a9fe::1')).toBe('6to4, carrying 169.254.169.254');
    expect(specialPurpose('::127.0.0.1')).toBe('IPv4-compatible, carrying 127.0.0.1');
    expect(specialPurpose('2001:0:4136:e378:8000:63bf:3fff:fdd2')).toBe('Teredo, carrying 192.0.2.45');
    expect(specialPurpose('::ffff:10.1.2.3')).toBe('IPv4-mapped private');
    expect(specialPurpose('198.18.0.1')).toBe('benchmarking');
    expect(specialPurpose('::1')).toBe('loopback');
    expect(new SsrfError('intranet.example', '10.0.0.5').message).toContain('intranet.example resolves to 10.0.0.5 (private)');
  });

  it('host names are not addresses', () => {
    expect(isPrivateAddress('localhost')).toBe(false);
    expect(isPrivateAddress('kcna.kp')).toBe(false);
  });
});

describe('SSRF guard: properties', () => {
  it('every address inside an IPv4 special-purpose block is refused, as IPv4 and IPv4-mapped', () => {
    fc.assert(
      fc.property(fc.constantFrom(...IPV4_BLOCKS).chain(([n, p]) => inV4(n, p)), (a) => {
        expect(isPrivateAddress(a)).toBe(true);
        expect(isPrivateAddress(`::ffff:${a}`)).toBe(true);
        expect(isPrivateAddress(`::ffff:${hex(v4Num(a))}`)).toBe(true);
      }),
    );
  });

  it('an IPv4 address and its mapped forms get the same answer', () => {
    fc.assert(
      fc.property(fc.ipV4(), (a) => {
        const expected = isPrivateAddress(a);
        expect(isPrivateAddress(`::ffff:${a}`)).toBe(expected);
        expect(isPrivateAddress(`0:0:0:0:0:ffff:${hex(v4Num(a))}`)).toBe(expected);
      }),
    );
  });

  it('IPv4-compatible, NAT64, 6to4 and Teredo forms are refused whatever IPv4 address they carry', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 0xffff }), (a, k) => {
        const n = v4Num(a);
        for (const form of [`::${a}`, `64:ff9b::${a}`, `64:ff9b::${hex(n)}`, `64:ff9b:1:${k.toString(16)}::${a}`, `2002:${hex(n)}::${k.toString(16)}`, `2001:0:${hex(n)}:${k.toString(16)}::1`])
          expect(isPrivateAddress(form), form).toBe(true);
      }),
    );
  });

  it('any IPv6 address outside 2000::/3 is refused, except an IPv4-mapped public one', () => {
    fc.assert(
      fc.property(fc.ipV6(), (a) => {
        const first = a.startsWith('::') ? 0 : parseInt(a.split(':')[0], 16);
        if (first >= 0x2000 && first < 0x4000) return;
        if (/^::ffff:[\d.]+$/i.test(a)) return;
        expect(isPrivateAddress(a), a).toBe(true);
      }),
    );
  });

  it('public addresses stay allowed in every spelling', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PUBLIC_V6), fc.boolean(), (a, upper) => {
        const full = a.includes('::') ? a.replace('::', ':' + '0:'.repeat(9 - a.split(':').length)).replace(/:$/, ':0') : a;
        for (const form of [a, full, upper ? a.toUpperCase() : a]) expect(isPrivateAddress(form), form).toBe(false);
      }),
    );
  });
});
