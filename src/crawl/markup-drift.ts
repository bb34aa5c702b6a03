import type { SourceDef } from '../sources/schema.js';
import type { MarkupProblem } from '../store/crawl-store.js';
import type { ReadArticleResult } from './read-page.js';

/**
 * Markup drift: a page that loaded fine but no longer fits the source's adapter. Network failures, HTTP
 * errors and block pages never reach here (the fetch failed), and a listing that matched but had nothing
 * new is silence, not drift.
 */

/** What one read article page says about the adapter: it matched, it did not (and what failed), or nothing (not an HTML page read by selectors). */
export type MarkupVerdict = { kind: 'matched' } | { kind: 'changed'; problem: MarkupProblem } | { kind: 'none' };

const list = (sels: string[] | undefined) => (sels ?? []).map((s) => `'${s}'`).join(', ');

/** Judges one article page read through the source's selectors. */
export function articleMarkup(def: SourceDef, url: string, mode: string, read: ReadArticleResult): MarkupVerdict {
  const a = def.adapter;
  if (mode !== 'page' || a.kind === 'wordpress' || !a.article) return { kind: 'none' };
  const rules = a.article;
  const ex = read.extracted;
  if (!ex) return { kind: 'changed', problem: { url, what: `article text: ${list(rules.paragraphs)} and the generic reader found nothing` } };
  if (ex.extractor === 'readability') {
    return { kind: 'changed', problem: { url, what: `article paragraphs: ${list(rules.paragraphs)} found no text (the generic reader kept the text)` } };
  }
  if (!read.ok) return { kind: 'changed', problem: { url, what: `article text: ${read.reason}` } };
  if (rules.title?.length && !ex.matched.title && !(rules.titleFromFirstParagraph && ex.title)) {
    return { kind: 'changed', problem: { url, what: `article title: ${list(rules.title)} found nothing` } };
  }
  if (rules.date?.length && ex.pageDate && read.article.dateFrom !== 'page') {
    return { kind: 'changed', problem: { url, what: `article date: '${ex.pageDate.slice(0, 60)}' (${list(rules.date)}) does not parse` } };
  }
  return { kind: 'matched' };
}

/** Judges a listing page that loaded but gave no article links (the discovery's adapter problem). */
export function listingMarkup(def: SourceDef, url: string, message: string): MarkupProblem {
  const a = def.adapter;
  const what = a.kind === 'html' ? `listing items: ${list(a.items)}${a.articleUrl ? ` (links matching articleUrl)` : ''} found no article links` : `listing: ${message}`;
  return { url, what };
}

/** What one crawl pass of a source saw: pages that matched, pages that did not. */
export class MarkupPass {
  readonly problems: MarkupProblem[] = [];
  matched = 0;

  add(v: MarkupVerdict): void {
    if (v.kind === 'matched') this.matched++;
    else if (v.kind === 'changed') this.problems.push(v.problem);
  }
}
