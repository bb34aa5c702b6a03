import { pyongyangOffsetMinutes } from '../dates/pyongyang-time.js';
import type { Article } from '../store/store.js';
import { escapeHtml, xmlSafe, type ContentMode, type FeedEntry } from './feed-model.js';

/** A summary holds whole paragraphs up to about this many characters (at least one paragraph). */
const SUMMARY_CHARS = 600;

/** The archive's permalink of an article: its id in every feed. */
export function articleUrl(origin: string, id: number): string {
  return `${origin}/articles/${id}`;
}

/**
 * The instant an article was published: the exact one when the source gave it; otherwise its
 * publication day at 00:00 Pyongyang time (UTC+9, or UTC+8:30 from August 2015 to May 2018), the
 * calendar the outlets date by.
 */
export function publishedInstant(a: Pick<Article, 'published' | 'publishedAt' | 'firstSeen'>): Date {
  if (a.publishedAt) {
    const exact = new Date(a.publishedAt);
    if (!Number.isNaN(exact.getTime())) return exact;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(a.published);
  if (m) {
    const midnightUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    // The offset in force that day (asked at noon, well clear of the changeover midnights).
    const offset = pyongyangOffsetMinutes(new Date(midnightUtc + 12 * 3600_000));
    return new Date(midnightUtc - offset * 60_000);
  }
  return new Date(a.firstSeen);
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** The first paragraphs, whole, up to SUMMARY_CHARS (always at least one). */
export function summaryParagraphs(body: string[]): string[] {
  const out: string[] = [];
  let length = 0;
  for (const p of body) {
    if (out.length > 0 && length + p.length > SUMMARY_CHARS) break;
    out.push(p);
    length += p.length;
  }
  return out;
}

/** At most `max` code points (never half a surrogate pair), with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const points = Array.from(text);
  return points.length > max ? `${points.slice(0, max).join('')}…` : text;
}

function paragraphsHtml(paras: string[]): string {
  return paras.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
}

/** An article as a feed entry: its text escaped (summary or full), linked to the archive and to the original. */
export function articleEntry(a: Article, origin: string, content: ContentMode): FeedEntry {
  const paras = content === 'full' ? a.body : summaryParagraphs(a.body);
  const original = isHttpUrl(a.url) ? a.url : null;
  const more = content === 'summary' && paras.length < a.body.length ? `<p><a href="${escapeHtml(articleUrl(origin, a.id))}">Read the whole article in the archive</a></p>` : '';
  const via = original ? `<p>Published by ${escapeHtml(a.sourceName)}: <a href="${escapeHtml(original)}">${escapeHtml(original)}</a></p>` : '';
  const published = publishedInstant(a);
  const changed = new Date(a.lastSeen > a.firstSeen ? a.lastSeen : a.firstSeen);
  const plain = xmlSafe(summaryParagraphs(a.body).join('\n\n'));
  return {
    id: articleUrl(origin, a.id),
    title: xmlSafe(a.title) || `Article ${a.id}`,
    link: articleUrl(origin, a.id),
    original,
    published,
    updated: published,
    changed: Number.isNaN(changed.getTime()) ? published : changed,
    html: paragraphsHtml(paras) + more + via,
    summary: clip(plain, SUMMARY_CHARS * 2),
    lang: a.lang || null,
    author: a.sourceName,
    categories: [a.sourceSlug],
  };
}
