import { expect, it } from 'vitest';
import { canonicalUrl } from './canonical.js';

it('lower-cases the host, drops default ports and tracking parameters', () => {
  expect(canonicalUrl('HTTP://WWW.KCNA.KP:80/en/article/q/abc.kcmsf?utm_source=x&fbclid=y')).toBe('http://www.kcna.kp/en/article/q/abc.kcmsf');
  expect(canonicalUrl('https://Example.org:443/a?b=1&utm_medium=m&c=2')).toBe('https://example.org/a?b=1&c=2');
  expect(canonicalUrl('http://example.org:8080/a')).toBe('http://example.org:8080/a');
});

it("keeps a fragment that picks the article on a shared page (kcna.co.jp #N), drops navigation fragments", () => {
  expect(canonicalUrl('http://kcna.co.jp/item/1997/9701/news1/01.htm#2')).toBe('http://kcna.co.jp/item/1997/9701/news1/01.htm#2');
  expect(canonicalUrl('http://example.org/a.html#top')).toBe('http://example.org/a.html');
});

it("keeps other parameters byte for byte (Rodong's base64 keys)", () => {
  const u = 'http://www.rodong.rep.kp/ko/index.php?MTJAMjAyNC0wNC0wMS1OMDI1QDVAMUBAMEAxMw==';
  expect(canonicalUrl(u)).toBe(u);
  expect(canonicalUrl('http://www.rodong.rep.kp/en/index.php?strPageID=SF01_02_01&newsID=2021-07-28-0006')).toBe(
    'http://www.rodong.rep.kp/en/index.php?strPageID=SF01_02_01&newsID=2021-07-28-0006',
  );
});

it('rejects what is not an http URL', () => {
  expect(() => canonicalUrl('not a url')).toThrow();
  expect(() => canonicalUrl('ftp://example.org/x')).toThrow();
});
