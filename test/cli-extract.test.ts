import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticleFile, extractListingFile, findSourceDef } from '../src/cli/extract-command.js';
import { readArticlePage } from '../src/crawl/read-page.js';
import { CLI, NODE_TSX, TESTDATA, tempDir } from './helpers.js';

const SITES = join(TESTDATA, 'sites');
const RODONG = 'http://www.rodong.rep.kp/en/index.php?strPageID=SF01_02_01&newsID=2022-03-10-0001';

function cli(args: string[], db: string) {
  const r = spawnSync(NODE_TSX[0], [...NODE_TSX.slice(1), CLI, 'extract', ...args, '--db', db], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('wirewatch extract', () => {
  it('reads an article page as the crawler does, in the article API shape (no database needed)', () => {
    const db = join(tempDir(), 'none.db');
    const r = cli([join(SITES, 'rodong-en', 'article-2022.html'), '--source', 'rodong-en', '--url', RODONG, '--json'], db);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out);
    expect(a).toMatchObject({
      title: 'Kim Jong Un Inspects General Satellite Control Center',
      published: '2022-03-10',
      datePrecision: 'day',
      dateFrom: 'page',
      lang: 'en',
      extractor: 'selectors',
      matched: { paragraphs: 'p.ArticleContent', date: 'div.ArticleMenuDate' },
    });
    // Empty, image-only and byline paragraphs are not text.
    expect(a.body).toEqual([
      'Respected Comrade Kim Jong Un inspected the General Satellite Control Center on March 9.',
      'He was briefed on the work of the center and set the tasks for the years ahead.',
    ]);
  });

  it('prints a human-readable article and listing without --json', () => {
    const db = join(tempDir(), 'none.db');
    const a = cli([join(SITES, 'rodong-en', 'article-2022.html'), '--source', 'rodong-en', '--url', RODONG], db);
    expect(a.code).toBe(0);
    expect(a.out).toContain('title:      Kim Jong Un Inspects General Satellite Control Center');
    expect(a.out).toContain('published:  2022-03-10 (day, from page: "Mar. 10, Juche 111 (2022) Thursday")');
    expect(a.out).toContain('[2] He was briefed');
    const l = cli([join(SITES, 'rodong-en', 'news-2022.html'), '--listing', '--source', 'rodong-en', '--url', 'http://www.rodong.rep.kp/en/index.php?strPageID=SF01_01_02&iMenuID=2'], db);
    expect(l.code).toBe(0);
    expect(l.out).toContain('2 items');
    expect(l.out).toContain(`2022-03-10  Kim Jong Un Inspects General Satellite Control Center\n            ${RODONG}`);
  });

  it('lists a listing page with absolute, unwrapped URLs and listing dates', () => {
    const db = join(tempDir(), 'none.db');
    const r = cli([join(SITES, 'rodong-en', 'news-2022.html'), '--listing', '--json', '--source', 'rodong-en', '--url', 'http://www.rodong.rep.kp/en/index.php?strPageID=SF01_01_02&iMenuID=2'], db);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      items: [
        { url: RODONG, title: 'Kim Jong Un Inspects General Satellite Control Center', date: '2022-03-10' },
        { url: 'http://www.rodong.rep.kp/en/index.php?strPageID=SF01_02_01&newsID=2021-07-28-0006', title: 'Youth Hero Road Recalled', date: '2021-07-28' },
      ],
    });
  });

  it('names an unknown source, a missing file, and the selectors that found nothing', () => {
    const db = join(tempDir(), 'none.db');
    const unknown = cli([join(SITES, 'rodong-en', 'home.html'), '--source', 'nope', '--url', RODONG], db);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/unknown source 'nope'.*shipped sources: .*rodong-en/);
    const missing = cli(['no/such/page.html', '--source', 'rodong-en', '--url', RODONG], db);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no/such/page.html: no such file');
    const wrong = cli([join(SITES, 'kcna-kp-en', 'latest-1.html'), '--listing', '--source', 'rodong-en', '--url', 'http://www.rodong.rep.kp/en/'], db);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/rodong-en adapter finds no article links on this page: items '#RevoListDIV ul li a'/);
  });

  it('says so when the Readability fallback read the page instead of the selectors', async () => {
    const def = await findSourceDef('kcna-kp-en');
    const html = `<html><body><div class="new-layout"><h1>Layout changed</h1>${'<p>The session discussed the plan for the coming year at length, and the participants adopted it unanimously in the hall.</p>'.repeat(4)}</div></body></html>`;
    const { article, warnings } = extractArticleFile(def, html, 'http://www.kcna.kp/en/article/q/0123456789abcdef.kcmsf');
    expect(article.extractor).toBe('readability');
    expect(warnings[0]).toMatch(/Readability fallback/);
    expect(warnings.join('\n')).toContain(`paragraphs: none of '.article-content-body .content-wrapper p', 'main article .container p' found any text`);
    expect(() => extractArticleFile(def, '<html><body></body></html>', 'http://www.kcna.kp/en/article/q/0123.kcmsf')).toThrow(
      /kcna-kp-en adapter cannot read this page.*\n.*paragraphs: none of '.article-content-body .content-wrapper p'/,
    );
  });

  it('is the crawler\'s reading: the shared function gives the same article', async () => {
    const def = await findSourceDef('rodong-en');
    const { readFileSync } = await import('node:fs');
    const html = readFileSync(join(SITES, 'rodong-en', 'article-2023.html'), 'utf8');
    const url = 'http://www.rodong.rep.kp/en/index.php?strPageID=SF01_02_01&newsID=2023-03-13-0002';
    const r = readArticlePage(def, html, url);
    expect(r.ok && r.article.title).toBe('Spring Sowing Begins');
    expect(extractArticleFile(def, html, url).article.body).toEqual(r.ok ? r.article.paragraphs : []);
    expect(extractListingFile(def, readFileSync(join(SITES, 'rodong-en', 'home.html'), 'utf8'), 'http://www.rodong.rep.kp/en/').items).toHaveLength(2);
  });
});
