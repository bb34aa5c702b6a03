import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awkwardText, FUZZ_TIMEOUT_MS, fuzzParams, HANG_MS, millis } from '../testing/fuzz.js';
import { canonicalUrl, keepPositionFragment, tryCanonicalUrl } from './canonical.js';

/** URLs as outlets and feeds write them: odd case, ports, dots, IDN and IP hosts, tracking and Rodong-style keys. */
const host = fc.oneof(
  fc.domain(),
  fc.constantFrom('KCNA.KP', 'www.Rodong.rep.kp.', 'a..', '..', 'x.', '127.0.0.1', '[::1]', '[2001:DB8::1]', '조선.kp', 'xn--3e0b707e.kp', '1.2.3', '0x7f.1', 'ex%41mple.com', 'a_b.example'),
);
const param = fc.oneof(
  fc.constantFrom('utm_source=x', 'UTM_Medium=y', 'fbclid=1', 'ref=home', 'spm=a.b', 'newsID=2021-07-28-0006', 'key=MjAyMQ==', 'a=1', 'a', '=', '&', 'q=%E6%9D%8E', 'x=%zz', 'utm_%73ource=1'),
  fc.stringMatching(/^[\w%=.~-]{0,8}$/),
);
const url = fc
  .record({
    scheme: fc.constantFrom('http', 'https', 'HTTP', 'HtTpS'),
    host,
    port: fc.constantFrom('', ':80', ':443', ':8080', ':0', ':65535'),
    path: fc.array(fc.oneof(fc.webSegment(), fc.constantFrom('.', '..', '%2e', 'a b', '기사', '')), { maxLength: 4 }).map((s) => `/${s.join('/')}`),
    params: fc.array(param, { maxLength: 4 }),
    fragment: fc.oneof(fc.constant(''), fc.constantFrom('#', '#12', '#top', '#00001', '#1a'), fc.webFragments().map((f) => `#${f}`)),
    space: fc.constantFrom('', ' ', '\t', '\n'),
  })
  .map(({ scheme, host, port, path, params, fragment, space }) => `${space}${scheme}://${host}${port}${path}${params.length ? `?${params.join('&')}` : ''}${fragment}${space}`);

const anyInput = fc.oneof(url, fc.webUrl({ withQueryParameters: true, withFragments: true }), awkwardText(), fc.string());

describe('canonicalUrl', () => {
  it('gives an http(s) URL or throws an Error; tryCanonicalUrl never throws', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        let out: string;
        try {
          out = canonicalUrl(input);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
          expect(tryCanonicalUrl(input)).toBeNull();
          return;
        }
        expect(out).toMatch(/^https?:\/\/[^/?#]+/);
        expect(tryCanonicalUrl(input)).toBe(out);
      }),
      fuzzParams(500),
    );
  }, FUZZ_TIMEOUT_MS);

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const once = tryCanonicalUrl(input);
        if (once !== null) expect(canonicalUrl(once)).toBe(once);
      }),
      fuzzParams(500),
    );
  }, FUZZ_TIMEOUT_MS);

  it('drops tracking parameters and navigation fragments, keeps every other parameter in order, lower-cases scheme and host', () => {
    fc.assert(
      fc.property(url, fc.array(fc.constantFrom('utm_source=feed', 'fbclid=abc', 'gclid=1', 'utm_campaign=', '_ga=2.1'), { minLength: 1, maxLength: 3 }), (input, tracking) => {
        const once = tryCanonicalUrl(input);
        if (once === null) return;
        const u = new URL(once);
        expect(once.startsWith(`${u.protocol}//${u.host.toLowerCase()}`)).toBe(true);
        expect(once).not.toMatch(/^(?:http:\/\/[^/?#]*:80|https:\/\/[^/?#]*:443)(?:[/?#]|$)/);
        expect([...u.searchParams.keys()].some((k) => /^(utm_|fbclid$|gclid$)/i.test(k))).toBe(false);
        expect(u.hash === '' || keepPositionFragment(u.hash.slice(1))).toBe(true);
        const joiner = u.search ? '&' : '?';
        const tracked = `${u.origin}${u.pathname}${u.search}${joiner}${tracking.join('&')}${u.hash}`;
        expect(canonicalUrl(tracked)).toBe(once);
      }),
      fuzzParams(300),
    );
  }, FUZZ_TIMEOUT_MS);

  it('keeps the counterexample fuzzing found', () => {
    // A host of dots lost one dot per pass: http://../ became http://./, then http:///.
    expect(() => canonicalUrl('http://../')).toThrow(/no host/);
    expect(canonicalUrl('http://kcna.kp../a')).toBe('http://kcna.kp/a');
  });

  it('finishes quickly on huge URLs', () => {
    const huge = [
      `http://example.com/?${'utm_a=1&'.repeat(100_000)}`,
      `http://example.com/${'a/'.repeat(200_000)}`,
      `http://example.com/?${'%'.repeat(300_000)}`,
      `http://${'a.'.repeat(100_000)}com/`,
      `http://example.com/#${'1'.repeat(500_000)}`,
    ];
    for (const u of huge) expect(millis(() => tryCanonicalUrl(u)), u.slice(0, 30)).toBeLessThan(HANG_MS);
  });
});
