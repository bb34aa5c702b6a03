import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

/**
 * Addresses a crawl never connects to unless its source allows private addresses: every block in the
 * IANA IPv4 and IPv6 special-purpose address registries (loopback, private, shared/carrier NAT,
 * link-local, documentation, benchmarking, protocol assignments, reserved), multicast, cloud metadata,
 * and every IPv6 form that carries or reaches an IPv4 address (IPv4-compatible, NAT64, 6to4, Teredo).
 * IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is the IPv4 address itself and is judged as that address.
 */
const IPV4_RANGES: readonly (readonly [string, number, string])[] = [
  ['0.0.0.0', 8, '"this network"'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared address space (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation (TEST-NET-1)'],
  ['192.31.196.0', 24, 'AS112'],
  ['192.52.193.0', 24, 'AMT'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['192.175.48.0', 24, 'AS112 direct delegation'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation (TEST-NET-2)'],
  ['203.0.113.0', 24, 'documentation (TEST-NET-3)'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
  ['255.255.255.255', 32, 'broadcast'],
];

const IPV6_RANGES: readonly (readonly [string, number, string])[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'IPv4-compatible'],
  ['::ffff:0:0:0', 96, 'IPv4-translated (SIIT)'],
  ['::', 8, 'reserved'],
  ['64:ff9b::', 96, 'NAT64'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['100::', 64, 'discard-only'],
  ['100:0:0:1::', 64, 'dummy prefix'],
  ['2001::', 32, 'Teredo'],
  ['2001:2::', 48, 'benchmarking'],
  ['2001:10::', 28, 'ORCHID'],
  ['2001:20::', 28, 'ORCHIDv2'],
  ['2001::', 23, 'IETF protocol assignments'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4'],
  ['2620:4f:8000::', 48, 'AS112 direct delegation'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'SRv6 SIDs'],
  ['fc00::', 7, 'unique local'],
  ['fd00:ec2::', 32, 'cloud metadata'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

function parseV4(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** An IPv6 address (any valid textual form, zone dropped) as a 128-bit number. */
function parseV6(address: string): bigint {
  const text = address.replace(/%.*$/, '');
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const groups = (part: string) => {
    if (!part) return [] as number[];
    return part.split(':').flatMap((g) => {
      if (!g.includes('.')) return [parseInt(g, 16)];
      const v4 = parseV4(g);
      return [Math.floor(v4 / 65536), v4 % 65536];
    });
  };
  const a = groups(head);
  const b = tail === null ? [] : groups(tail);
  const all = [...a, ...new Array<number>(8 - a.length - b.length).fill(0), ...b];
  return all.reduce((n, g) => (n << 16n) | BigInt(g), 0n);
}

interface Range {
  net: bigint;
  mask: bigint;
  label: string;
}

const maskOf = (bits: number, prefix: number) => (((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix)) & ((1n << BigInt(bits)) - 1n);
const V4 = IPV4_RANGES.map(([net, prefix, label]): Range => ({ net: BigInt(parseV4(net)), mask: maskOf(32, prefix), label }));
const V6 = IPV6_RANGES.map(([net, prefix, label]): Range => ({ net: parseV6(net), mask: maskOf(128, prefix), label }));
const GLOBAL_UNICAST = { net: parseV6('2000::'), mask: maskOf(128, 3) };
const MAPPED = { net: parseV6('::ffff:0:0'), mask: maskOf(128, 96) };

const v4Text = (n: bigint) => [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
const inRange = (n: bigint, r: { net: bigint; mask: bigint }) => (n & r.mask) === r.net;

function v4Label(n: bigint): string | null {
  return V4.find((r) => inRange(n, r))?.label ?? null;
}

const NAT64 = V6.filter((r) => r.label.includes('NAT64'));

/** The IPv4 address an IPv6 address carries (compatible, NAT64, 6to4, Teredo client), if any. */
function embeddedV4(n: bigint): bigint | null {
  if (n >> 32n === 0n && n > 0xffffn) return n & 0xffffffffn; // IPv4-compatible ::a.b.c.d
  if (NAT64.some((r) => inRange(n, r))) return n & 0xffffffffn;
  if (n >> 112n === 0x2002n) return (n >> 80n) & 0xffffffffn; // 6to4
  if (n >> 96n === 0x20010000n) return ~n & 0xffffffffn; // Teredo: the client address, bits inverted
  return null;
}

/**
 * Why an address is not for crawling (the special-purpose block it falls in), or null for an ordinary
 * public address. Not an IP address at all: null.
 */
export function specialPurpose(address: string): string | null {
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 4) return v4Label(BigInt(parseV4(address)));
  if (family !== 6) return null;
  const n = parseV6(address);
  if (inRange(n, MAPPED)) {
    const label = v4Label(n & 0xffffffffn);
    return label && `IPv4-mapped ${label}`;
  }
  // The most specific block names it; an address outside 2000::/3 is never ordinary unicast.
  const hits = V6.filter((r) => inRange(n, r)).sort((x, y) => (y.mask > x.mask ? 1 : y.mask < x.mask ? -1 : 0));
  const label = hits[0]?.label ?? (inRange(n, GLOBAL_UNICAST) ? null : 'reserved (outside global unicast)');
  if (!label) return null;
  const v4 = embeddedV4(n);
  return v4 === null ? label : `${label}, carrying ${v4Text(v4)}`;
}

/** Loopback, private, link-local, carrier NAT, multicast, documentation, reserved and metadata addresses. */
export function isPrivateAddress(address: string): boolean {
  return specialPurpose(address) !== null;
}

export class SsrfError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    /** How to allow it where the refusal happens (a source's setting, an environment variable). */
    allow = 'allow private addresses for this source to fetch it',
  ) {
    const why = specialPurpose(address);
    super(`${host} resolves to ${address}${why ? ` (${why})` : ''}, a private or special-purpose address; ${allow}`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup that refuses private addresses unless allowed: checked at connect time, so no rebinding gap. */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: object, callback: LookupCallback) => {
    dnsLookup(hostname, options as { all: true }, (err, address, family?: number) => {
      if (err) return callback(err, address as LookupAddress[]);
      if (!allowPrivate) {
        const list: LookupAddress[] = Array.isArray(address) ? address : [{ address: address as unknown as string, family: family ?? 4 }];
        const bad = list.find((a) => isPrivateAddress(a.address));
        if (bad) return callback(new SsrfError(hostname, bad.address) as NodeJS.ErrnoException, address);
      }
      callback(null, address, family);
    });
  };
}
