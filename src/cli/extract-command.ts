import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readArticlePage, readListingPage } from '../crawl/read-page.js';
import { sourceDefOf } from '../crawl/crawler.js';
import type { ListingItem } from '../extract/listing.js';
import { loadSourceFile, loadSourcesDir, SHIPPED_SOURCES_DIR } from '../sources/load.js';
import type { SourceDef } from '../sources/schema.js';
import { openStore } from '../store/open-store.js';
import { isPostgresUrl, redactUrl } from '../store/postgres/open-postgres.js';

export interface ExtractOptions {
  source: string;
  url: string;
  listing?: boolean;
  json?: boolean;
  /** The listing date the crawler would know (`YYYY-MM-DD`). */
  listingDate?: string;
  /** The archive whose sources are looked in first; when it does not exist, the shipped `sources/` alone. */
  db?: string;
  /** Another folder of source files (tests). */
  sourcesDir?: string;
}

/** The article as the article API shows it, plus how it was read. */
export interface ExtractedArticleJson {
  url: string;
  title: string;
  titleDerived: boolean;
  published: string;
  publishedAt: string | null;
  datePrecision: string;
  dateFrom: string;
  lang: string;
  body: string[];
  listingDate: string | null;
  damaged: boolean;
  repaired: boolean;
  /** `selectors`: the adapter's own rules; `readability`: the generic fallback (the adapter found no text). */
  extractor: string;
  /** The adapter's selector that found each part (null: none of them found anything). */
  matched: { title: string | null; paragraphs: string | null; date: string | null };
  /** The date text found on the page, unparsed. */
  pageDate: string | null;
}

/** The source's definition: the archive's copy when there is one, else the shipped file. */
export async function findSourceDef(slug: string, db?: string, dir = SHIPPED_SOURCES_DIR): Promise<SourceDef> {
  // A PostgreSQL archive is always there to ask; a SQLite one only when its file exists.
  const archived = !!db && (isPostgresUrl(db) || existsSync(db));
  if (archived) {
    const store = await openStore(db);
    try {
      const row = (await store.crawl.crawlSources()).find((r) => r.slug === slug);
      if (row) {
        const def = sourceDefOf(row);
        if (!def) throw new Error(`source '${slug}' in the archive has no crawlable adapter (an import-only source)`);
        return def;
      }
    } finally {
      await store.close();
    }
  }
  const file = join(dir, `${slug}.json`);
  if (existsSync(file)) return loadSourceFile(file);
  const known = loadSourcesDir(dir).sources.map((s) => s.slug);
  const where = archived ? `not in the archive ${db && isPostgresUrl(db) ? redactUrl(db) : db} nor in ${dir}` : `not in ${dir} (and no archive at ${db ?? 'the default path'})`;
  throw new Error(`unknown source '${slug}': ${where}; shipped sources: ${known.join(', ')}`);
}

function readPage(file: string): string {
  if (!existsSync(file)) throw new Error(`${file}: no such file`);
  if (statSync(file).isDirectory()) throw new Error(`${file}: is a folder, not a saved page`);
  return readFileSync(file, 'utf8');
}

function selectorList(list: string[] | undefined): string {
  return list?.length ? list.map((s) => `'${s}'`).join(', ') : '(none given)';
}

/** Runs the source's adapter on a saved article page: the article or an error naming what found nothing. */
export function extractArticleFile(
  def: SourceDef,
  html: string,
  url: string,
  listingDate?: string | null,
  capturedAt?: string,
): { article: ExtractedArticleJson; warnings: string[] } {
  if (def.adapter.kind === 'wordpress') throw new Error(`source '${def.slug}' reads articles from the WordPress API, not from pages`);
  const rules = def.adapter.article;
  const r = readArticlePage(def, html, url, { listingDate: listingDate ?? null, capturedAt });
  const x = r.extracted;
  const missing: string[] = [];
  if (x) {
    if (!x.matched.paragraphs) missing.push(`paragraphs: none of ${selectorList(rules.paragraphs)} found any text`);
    if (!x.matched.title && rules.title?.length && !rules.titleFromFirstParagraph) missing.push(`title: none of ${selectorList(rules.title)} found any text`);
    if (!x.matched.date && rules.date?.length) missing.push(`date: none of ${selectorList(rules.date)} found any text`);
  }
  if (!r.ok) {
    const detail = x ? missing : [`paragraphs: none of ${selectorList(rules.paragraphs)} found any text`, 'the Readability fallback found no article text either'];
    throw new Error(`the ${def.slug} adapter cannot read this page: ${r.reason}${detail.length ? `\n  ${detail.join('\n  ')}` : ''}`);
  }
  const a = r.article;
  const warnings = r.extractor === 'readability' ? [`the adapter's selectors found no text; the Readability fallback read the page`, ...missing] : missing;
  return {
    article: {
      url: a.url,
      title: a.title,
      titleDerived: a.titleDerived,
      published: a.published,
      publishedAt: a.publishedAt,
      datePrecision: a.datePrecision,
      dateFrom: a.dateFrom,
      lang: a.lang,
      body: a.paragraphs,
      listingDate: a.listingDate,
      damaged: a.damaged,
      repaired: a.repaired,
      extractor: r.extractor,
      matched: x?.matched ?? { title: null, paragraphs: null, date: null },
      pageDate: x?.pageDate ?? null,
    },
    warnings,
  };
}

/** Runs the source's listing rules on a saved listing page. */
export function extractListingFile(def: SourceDef, html: string, url: string): { items: ListingItem[] } {
  const items = readListingPage(def, html, url);
  if (items.length === 0 && def.adapter.kind === 'html') {
    const a = def.adapter;
    throw new Error(
      `the ${def.slug} adapter finds no article links on this page: items ${selectorList(a.items)}${a.articleUrl ? `, filtered by articleUrl /${a.articleUrl}/` : ''}${a.unwrap ? `, unwrapped by ${selectorList(a.unwrap)}` : ''}`,
    );
  }
  return { items };
}

/** `wirewatch extract FILE --source SLUG --url URL [--listing] [--json]` */
export async function extractCommand(file: string, o: ExtractOptions): Promise<void> {
  let url: string;
  try {
    url = new URL(o.url).toString();
  } catch {
    throw new Error(`--url ${o.url}: not an absolute URL (the page's address decides relative links and URL dates)`);
  }
  if (o.listingDate && !/^\d{4}-\d{2}-\d{2}$/.test(o.listingDate)) throw new Error(`--listing-date ${o.listingDate}: expected YYYY-MM-DD`);
  const def = await findSourceDef(o.source, o.db, o.sourcesDir);
  const html = readPage(file);
  const out = (s: string) => process.stdout.write(s);
  if (o.listing) {
    const r = extractListingFile(def, html, url);
    if (o.json) return void out(`${JSON.stringify(r, null, 2)}\n`);
    out(`${r.items.length} items (${def.slug} listing rules)\n`);
    for (const it of r.items) out(`${it.date ?? '          '}  ${it.title ?? '(no title)'}\n            ${it.url}\n`);
    return;
  }
  const { article: a, warnings } = extractArticleFile(def, html, url, o.listingDate);
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  if (o.json) return void out(`${JSON.stringify(a, null, 2)}\n`);
  const m = a.matched;
  out(
    [
      `title:      ${a.title}${a.titleDerived ? ' (derived from the text)' : ''}`,
      `published:  ${a.published} (${a.datePrecision}, from ${a.dateFrom}${a.pageDate ? `: "${a.pageDate}"` : ''})`,
      `lang:       ${a.lang}`,
      `extractor:  ${a.extractor}${a.extractor === 'selectors' ? ` (title ${m.title ? `'${m.title}'` : 'from the first paragraph or none'}, paragraphs '${m.paragraphs}', date ${m.date ? `'${m.date}'` : 'none'})` : ''}`,
      `paragraphs: ${a.body.length}`,
      '',
      ...a.body.map((p, i) => `[${i + 1}] ${p}`),
      '',
    ].join('\n'),
  );
}
