import type { CheerioAPI } from 'cheerio';
import type { ArticleRules } from '../sources/schema.js';
import { readabilityExtract } from './readability.js';
import { loadMarkup, nodeText, textLines } from './text.js';

export type ExtractorName = 'selectors' | 'readability' | 'feed' | 'wordpress';

export interface Extracted {
  title: string | null;
  paragraphs: string[];
  /** The date text found on the page, unparsed. */
  pageDate: string | null;
  extractor: ExtractorName;
  /** Which of the adapter's selectors found something (null: none of them did, or none were given). */
  matched: { title: string | null; paragraphs: string | null; date: string | null };
}

function firstText($: CheerioAPI, list: string[] | undefined): { text: string; selector: string } | null {
  for (const sel of list ?? []) {
    const el = $(sel).first();
    if (el.length) {
      const t = textLines(nodeText(el.toArray())).join(' ');
      if (t) return { text: t, selector: sel };
    }
  }
  return null;
}

function paragraphsOf($: CheerioAPI, list: string[] | undefined): { paragraphs: string[]; selector: string | null } {
  for (const sel of list ?? []) {
    const found = $(sel)
      .toArray()
      .flatMap((el) => textLines(nodeText(el)));
    if (found.length) return { paragraphs: found, selector: sel };
  }
  return { paragraphs: [], selector: null };
}

/** Some pages carry the article twice in a row: keep one copy. */
export function dropRepeat(paragraphs: string[]): string[] {
  const n = paragraphs.length;
  if (n >= 2 && n % 2 === 0) {
    const half = n / 2;
    if (paragraphs.slice(0, half).every((p, i) => p === paragraphs[half + i])) return paragraphs.slice(0, half);
  }
  return paragraphs;
}

/** Extracts an article with the source's selectors, falling back to Readability when they find no text. */
export function extractArticle(html: string, url: string, rules: ArticleRules | undefined): Extracted | null {
  const $ = loadMarkup(html);
  if (rules) {
    for (const sel of rules.remove ?? []) $(sel).remove();
    const t = firstText($, rules.title);
    let title = t?.text ?? null;
    const p = paragraphsOf($, rules.paragraphs);
    const skip = (rules.skipParagraphs ?? []).map((r) => new RegExp(r, 'u'));
    let paragraphs = dropRepeat(p.paragraphs).filter((t) => !skip.some((r) => r.test(t)));
    if (rules.titleFromFirstParagraph && !title && paragraphs.length > 1) {
      title = paragraphs[0];
      paragraphs = paragraphs.slice(1);
    }
    const d = firstText($, rules.date);
    const pageDate = d?.text ?? null;
    const matched = { title: t?.selector ?? null, paragraphs: p.selector, date: d?.selector ?? null };
    if (paragraphs.length > 0) return { title, paragraphs, pageDate, extractor: 'selectors', matched };
    const fallback = readabilityExtract(html, url);
    if (fallback) return { title: title ?? fallback.title, paragraphs: fallback.paragraphs, pageDate, extractor: 'readability', matched };
    return null;
  }
  const fallback = readabilityExtract(html, url);
  return fallback ? { ...fallback, pageDate: null, extractor: 'readability', matched: { title: null, paragraphs: null, date: null } } : null;
}
