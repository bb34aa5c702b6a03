import { describe, expect, it } from 'vitest';
import { looksLikeUrl, urlLookupForms } from './equivalent.js';

describe('looksLikeUrl', () => {
  it.each([
    'http://kcna.co.jp/item/1997/9701/news1/05.htm#5',
    'https://www.kcna.kp/en/article/q/abc.kcmsf',
    'www.kcna.kp/en/article/q/abc.kcmsf',
    'kcna.co.jp/item/1997/9701/news1/05.htm',
    ' HTTP://RODONG.REP.KP/ko/index.php?MTJAMjAyNC0wNC0wMS1OMDI1QDVAMUBAMEAxMw== ',
  ])('takes %s for a URL', (q) => expect(looksLikeUrl(q)).toBe(true));

  it.each(['nuclear test', 'kcna.co.jp', 'U.S./Japan', '24/7', 'title:http', '"http://x.org/a"', 'http://kcna.co.jp/a nuclear', 'date:2013'])(
    'does not take %s for a URL',
    (q) => expect(looksLikeUrl(q)).toBe(false),
  );
});

describe('urlLookupForms', () => {
  it('reaches the stored http://kcna.co.jp form from https, www. and tracking parameters', () => {
    const forms = urlLookupForms('https://www.kcna.co.jp/item/1997/9701/news1/05.htm?utm_source=t.co&fbclid=x#5');
    expect(forms[0]).toBe('https://www.kcna.co.jp/item/1997/9701/news1/05.htm?utm_source=t.co&fbclid=x#5');
    expect(forms).toContain('http://kcna.co.jp/item/1997/9701/news1/05.htm#5');
    expect(forms.length).toBeLessThanOrEqual(32);
  });

  it('adds and removes a trailing slash, adds a scheme when there is none', () => {
    expect(urlLookupForms('www.example.org/news/123/')).toContain('https://example.org/news/123');
    expect(urlLookupForms('http://example.org/news/123')).toContain('http://www.example.org/news/123/');
  });

  it('keeps query parameters byte for byte', () => {
    const u = 'http://www.rodong.rep.kp/ko/index.php?MTJAMjAyNC0wNC0wMS1OMDI1QDVAMUBAMEAxMw==';
    for (const f of urlLookupForms(u.replace('http://www.', 'https://'))) expect(f).toContain('?MTJAMjAyNC0wNC0wMS1OMDI1QDVAMUBAMEAxMw==');
    expect(urlLookupForms(u.replace('http://www.', 'https://'))).toContain(u);
  });

  it('tries the form without an article-position fragment last', () => {
    const forms = urlLookupForms('http://example.org/a.htm#3');
    expect(forms).toContain('http://example.org/a.htm');
    expect(forms.indexOf('http://example.org/a.htm')).toBeGreaterThan(forms.indexOf('https://www.example.org/a.htm#3'));
  });

  it('gives back what cannot be read as a URL as it is', () => {
    expect(urlLookupForms('not a url')).toEqual(['not a url']);
  });
});
