import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseYmd } from '../dates/calendar.js';
import { awkwardText, FUZZ_TIMEOUT_MS, fuzzParams, HANG_MS, millis } from '../testing/fuzz.js';
import { extractArticle } from './article.js';
import { extractListing, formToken, nextPageUrl } from './listing.js';
import { readabilityExtract } from './readability.js';
import { loadMarkup, MAX_NESTING, nestedTooDeep, nodeText, textLines } from './text.js';

/** Markup as broken outlets write it: unclosed and stray tags, raw-text elements, odd entities, unbalanced quotes. */
const TAGS = ['p', 'div', 'span', 'a', 'br', 'h1', 'title', 'script', 'style', 'table', 'tr', 'td', 'li', 'ul', 'font', 'nobr', 'template', 'svg', 'math', 'textarea', 'noscript', 'iframe', 'select', 'option', 'b', 'article', 'body', 'html', 'head'];
const soupPiece = fc.oneof(
  fc.constantFrom(...TAGS).map((t) => `<${t}>`),
  fc.constantFrom(...TAGS).map((t) => `</${t}>`),
  fc.constantFrom('<a href="/a/1">', '<a href=/x?y=1&z=2>', "<a href='javascript:go(1)'>", '<a href="#top">', '<a href="ht tp://">', '<a href="//other.example/p">', '<a href="data:text/html,x">', '<div class="body">', '<span class="date">', '<p class=x id=y'),
  fc.constantFrom('<!--', '-->', '<!-- c -->', '<![CDATA[', ']]>', '<!doctype html>', '<?xml version="1.0"?>', '<', '>', '</', '/>', '"', "'", '='),
  fc.constantFrom('&amp;', '&', '&#0;', '&#xD800;', '&#99999999;', '&nbsp;', '&lt;p&gt;', '&#x1F600;', '&bogus;', '&amp'),
  fc.constantFrom('2024.5.4.', 'Juche113.5.4', '2024년 5월 4일', 'Pyongyang, May 4 (KCNA) --', '경애하는 김정은동지께서'),
  awkwardText(6),
);
const soup = fc.array(soupPiece, { maxLength: 80 }).map((ps) => ps.join(''));

/** Well-formed trees, nested and wide, whose text is awkward. */
const tree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    awkwardText(20),
    fc.tuple(fc.constantFrom('div', 'p', 'span', 'article', 'section', 'ul', 'li', 'h1', 'a', 'b', 'table', 'td'), fc.array(tie('node'), { maxLength: 4 })).map(([t, kids]) => `<${t}${t === 'a' ? ' href="/a/2"' : ''}>${kids.join('')}</${t}>`),
  ),
})).node;

const html = fc.oneof(soup, tree.map((t) => `<html><head><title>T</title></head><body>${t}</body></html>`), awkwardText(200));
const rules = { title: ['h1', 'title'], paragraphs: ['div.body p', 'p', 'td'], date: ['.date', 'span'], remove: ['script'], skipParagraphs: ['^Share'] };
const PAGE = 'http://news.example/list?page=1';

const cleanLines = (lines: string[]) => lines.every((l) => l.length > 0 && l === l.trim() && !l.includes('\n'));

describe('extractors on any markup', () => {
  it('extractArticle gives null or trimmed, non-empty paragraphs, with rules or without', () => {
    fc.assert(
      fc.property(html, fc.boolean(), (page, withRules) => {
        const ex = extractArticle(page, PAGE, withRules ? (rules as never) : undefined);
        if (!ex) return;
        expect(ex.paragraphs.length).toBeGreaterThan(0);
        expect(cleanLines(ex.paragraphs)).toBe(true);
        expect(['selectors', 'readability']).toContain(ex.extractor);
      }),
      fuzzParams(300),
    );
  }, FUZZ_TIMEOUT_MS);

  it('readabilityExtract gives null or trimmed, non-empty paragraphs', () => {
    fc.assert(
      fc.property(html, (page) => {
        const r = readabilityExtract(page, PAGE);
        if (r) expect(r.paragraphs.length > 0 && cleanLines(r.paragraphs)).toBe(true);
      }),
      fuzzParams(200),
    );
  }, FUZZ_TIMEOUT_MS);

  it('extractListing gives each URL once, absolute, with a valid date or none; the pager and form readers never throw', () => {
    fc.assert(
      fc.property(html, (page) => {
        const items = extractListing(page, PAGE, { items: ['a', 'li a'], itemContainer: 'li, tr, div', itemDate: ['.date'], unwrap: ["javascript:go\\((\\d+)\\)"] });
        expect(new Set(items.map((i) => i.url)).size).toBe(items.length);
        for (const i of items) {
          expect(() => new URL(i.url)).not.toThrow();
          if (i.date) expect(parseYmd(i.date)).not.toBeNull();
          if (i.title) expect(i.title).toBe(i.title.trim());
        }
        nextPageUrl(page, PAGE, 'a.next');
        formToken(page, '_token');
      }),
      fuzzParams(300),
    );
  }, FUZZ_TIMEOUT_MS);

  it('textLines gives trimmed non-empty lines and is idempotent; nodeText of any markup is a string', () => {
    fc.assert(
      fc.property(html, (page) => {
        const text = nodeText(loadMarkup(page).root().toArray());
        const lines = textLines(text);
        expect(cleanLines(lines)).toBe(true);
        expect(textLines(lines.join('\n'))).toEqual(lines);
      }),
      fuzzParams(300),
    );
  }, FUZZ_TIMEOUT_MS);

  it('reads markup nested up to the limit and refuses deeper markup', () => {
    const nested = (depth: number) => `${'<div>'.repeat(depth)}<p>${'Enough words to read as an article paragraph. '.repeat(4)}</p>${'</div>'.repeat(depth)}`;
    expect(nestedTooDeep(nested(MAX_NESTING - 1))).toBe(false);
    expect(extractArticle(nested(MAX_NESTING - 1), PAGE, rules as never)?.paragraphs).toHaveLength(1);
    expect(nestedTooDeep(nested(MAX_NESTING + 1))).toBe(true);
    expect(extractArticle(nested(MAX_NESTING + 1), PAGE, rules as never)).toBeNull();
    // Runs of sibling-closed and void tags do not nest.
    expect(nestedTooDeep('<p>x'.repeat(50_000) + '<br>'.repeat(50_000) + '<li>'.repeat(50_000))).toBe(false);
  });
});

describe('extractors on large adversarial markup', () => {
  it('finish quickly', () => {
    const huge = [
      '<div>'.repeat(200_000),
      '<font>'.repeat(100_000) + '<p>text</p>',
      '<a'.repeat(300_000),
      '<' + 'a'.repeat(1_000_000),
      '<p>' + 'word '.repeat(200_000),
      '<p>x</p>'.repeat(50_000),
      '&'.repeat(1_000_000),
      '<!--'.repeat(200_000),
      '<script>' + 'x<'.repeat(300_000),
      '<title>'.repeat(100_000),
      `<a href="${'x'.repeat(1_000_000)}">t</a>`,
      `<p class="${'"'.repeat(200_000)}">`,
      '<li><a href="/a">x</a> 2024.5.4.</li>'.repeat(20_000),
    ];
    for (const page of huge) {
      const label = page.slice(0, 16);
      expect(millis(() => extractArticle(page, PAGE, rules as never)), label).toBeLessThan(HANG_MS);
      expect(millis(() => extractArticle(page, PAGE, undefined)), label).toBeLessThan(HANG_MS);
      expect(millis(() => extractListing(page, PAGE, { items: ['li a'], itemContainer: 'li', itemDate: ['.date'] })), label).toBeLessThan(HANG_MS);
    }
  }, FUZZ_TIMEOUT_MS);

  it('keeps the counterexamples fuzzing found', () => {
    // Readability threw on a page with no element: the source's crawl pass ended there.
    for (const page of ['', 'x', '<p', '<!--', '<!doctype html>', '</html>']) expect(extractArticle(page, PAGE, undefined)).toBeNull();
    // Readability on linkedom threw a TypeError on these.
    expect(extractArticle('<noscript>', PAGE, undefined)).toBeNull();
    expect(extractArticle('<html><b><p>Pyongyang, May 4 (KCNA) --', PAGE, undefined)).toBeNull();
    // Two lone low surrogates made parse5 throw a RangeError reading Readability's output.
    expect(extractArticle('<html><body><div><div><div>\udfff\udfff</div></div></div></body></html>', PAGE, undefined)?.paragraphs).toEqual(['\ufffd\ufffd']);
    // 50,000 <p>s with no <html> around them took 17 s: css-select compared the root's children pairwise.
    expect(millis(() => extractArticle('<p>x</p>'.repeat(50_000), PAGE, rules as never))).toBeLessThan(HANG_MS);
    // 100,000 nested <div>s took 23 s with selectors (htmlparser2's cost grows with depth squared).
    expect(millis(() => extractArticle('<div>'.repeat(100_000) + '<p>text</p>', PAGE, rules as never))).toBeLessThan(HANG_MS);
  });
});
