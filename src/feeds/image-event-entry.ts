import type { EventRow } from '../store/crawl-store.js';
import { articleUrl } from './article-entry.js';
import { escapeHtml } from './feed-model.js';

const WHAT: Record<string, string> = {
  'image-edited': 'A photo of this article was edited: part of the picture changed',
  'image-replaced': 'A photo of this article was replaced by a different picture',
  'image-removed': 'A photo was removed from this article',
  'image-added': 'A photo was added to this article',
};

const pct = (n: unknown) => (typeof n === 'number' ? `${Math.round(n * 100)}%` : '?');

/** An image event as words and thumbnails (before, after), linked to the article's versions page. */
export function imageEventBody(e: EventRow, origin: string): { html: string; text: string; link: string } {
  const d = (e.detail ?? {}) as { slot?: string; oldSha256?: string; newSha256?: string; region?: { x: number; y: number; w: number; h: number }; score?: number };
  const link = `${articleUrl(origin, e.articleId!)}/versions`;
  const where = d.region ? ` (region at ${pct(d.region.x)}, ${pct(d.region.y)} of the picture, ${pct(d.region.w)} × ${pct(d.region.h)} of its size)` : '';
  const text = `${WHAT[e.type] ?? e.type}${d.slot ? ` [${d.slot}]` : ''}${where}.`;
  const thumb = (sha: string | undefined, label: string) =>
    sha && /^[0-9a-f]{64}$/.test(sha) ? `<figure><img src="${escapeHtml(`${origin}/images/${sha}/thumb`)}" alt="${label}"><figcaption>${label}</figcaption></figure>` : '';
  const html = [`<p>${escapeHtml(text)}</p>`, thumb(d.oldSha256, 'Before'), thumb(d.newSha256, 'After'), `<p><a href="${escapeHtml(link)}">See the change</a></p>`].filter(Boolean).join('\n');
  return { html, text, link };
}
