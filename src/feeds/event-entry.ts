import type { EventRow, VersionRow } from '../store/crawl-store.js';
import type { DiffPiece } from '../versions/diff.js';
import { compareOffThread } from '../versions/diff-off-thread.js';
import { articleUrl, clip } from './article-entry.js';
import { escapeHtml, xmlSafe, type FeedEntry } from './feed-model.js';
import { imageEventBody } from './image-event-entry.js';

/** The events a feed reports: what happened to articles (markup-changed is about sources, on /health). */
export const FEED_EVENT_TYPES = ['edited', 'removed', 'restored', 'image-edited', 'image-replaced', 'image-removed', 'image-added'] as const;
export type FeedEventType = (typeof FEED_EVENT_TYPES)[number];

/** How many added (and removed) passages an edit entry quotes, and how long each may be. */
const MAX_PASSAGES = 12;
const PASSAGE_CHARS = 280;

export interface EventContext {
  origin: string;
  /** The article's versions, oldest first (asked only for edits). */
  versions(articleId: number): Promise<VersionRow[]>;
  lang(articleId: number): Promise<string>;
}

/** Changed passages of one kind, trimmed, each once, in order. */
function passages(pieces: DiffPiece[], op: 'added' | 'removed'): string[] {
  const seen = new Set<string>();
  for (const p of pieces) {
    if (p.op !== op) continue;
    const text = p.text.replace(/\s+/g, ' ').trim();
    if (/[\p{L}\p{N}]/u.test(text)) seen.add(clip(text, PASSAGE_CHARS));
  }
  return [...seen];
}

/** The two versions an edit event compares: by the content hashes it records (from → to). */
function editedPair(versions: VersionRow[], detail: Record<string, unknown> | null): { older: VersionRow; newer: VersionRow } | null {
  const from = detail?.from;
  const to = detail?.to;
  for (let i = versions.length - 1; i > 0; i--) {
    if (versions[i].contentHash === to && versions[i - 1].contentHash === from) return { older: versions[i - 1], newer: versions[i] };
  }
  return null;
}

/** An edit as words: how many added and removed, then the passages themselves. */
async function editBody(e: EventRow, ctx: EventContext): Promise<{ html: string; text: string; link: string }> {
  const id = e.articleId!;
  const versionsPage = `${articleUrl(ctx.origin, id)}/versions`;
  const pair = editedPair(await ctx.versions(id), e.detail);
  if (!pair) return { html: `<p>The text changed. <a href="${escapeHtml(versionsPage)}">Compare the versions</a>.</p>`, text: 'The text changed.', link: versionsPage };
  const d = await compareOffThread(pair.older, pair.newer, await ctx.lang(id));
  const pieces = [...d.title, ...d.body];
  const added = passages(pieces, 'added');
  const removed = passages(pieces, 'removed');
  const link = `${versionsPage}?from=${pair.older.n}&to=${pair.newer.n}`;
  const count = `${d.added} ${d.added === 1 ? 'word' : 'words'} added, ${d.removed} removed (version ${pair.older.n} → ${pair.newer.n}).`;
  const list = (label: string, tag: 'ins' | 'del', items: string[]) =>
    items.length ? `<p>${label}:</p>\n<ul>${items.slice(0, MAX_PASSAGES).map((t) => `<li><${tag}>${escapeHtml(t)}</${tag}></li>`).join('')}</ul>` : '';
  const html = [
    `<p>${escapeHtml(count)}</p>`,
    list('Added', 'ins', added),
    list('Removed', 'del', removed),
    `<p><a href="${escapeHtml(link)}">Compare the versions</a></p>`,
  ].filter(Boolean).join('\n');
  const quote = (items: string[]) => items.slice(0, MAX_PASSAGES).map((t) => `“${t}”`).join('; ');
  const text = [count, added.length ? `Added: ${quote(added)}.` : '', removed.length ? `Removed: ${quote(removed)}.` : ''].filter(Boolean).join(' ');
  return { html, text: xmlSafe(text), link };
}

function statusBody(e: EventRow, origin: string): { html: string; text: string; link: string } {
  const link = articleUrl(origin, e.articleId!);
  const reason = typeof e.detail?.reason === 'string' ? xmlSafe(e.detail.reason) : null;
  const text =
    e.type === 'removed'
      ? `The source stopped serving this article${reason ? ` (${reason})` : ''}. The archive keeps the last copy it captured.`
      : 'The source serves this article again.';
  return { html: `<p>${escapeHtml(text)} <a href="${escapeHtml(link)}">Read it in the archive</a>.</p>`, text, link };
}

const TITLE_PREFIX: Record<string, string> = {
  edited: 'Edited',
  removed: 'Removed',
  restored: 'Restored',
  'image-edited': 'Photo edited',
  'image-replaced': 'Photo replaced',
  'image-removed': 'Photo removed',
  'image-added': 'Photo added',
};

/** An event as a feed entry: its id names the event, its date is when the archive saw it happen. */
export async function eventEntry(e: EventRow, ctx: EventContext): Promise<FeedEntry> {
  const at = new Date(e.at);
  const body = e.type === 'edited' ? await editBody(e, ctx) : e.type.startsWith('image-') ? imageEventBody(e, ctx.origin) : statusBody(e, ctx.origin);
  const title = xmlSafe(e.title ?? '') || `Article ${e.articleId}`;
  return {
    id: `${articleUrl(ctx.origin, e.articleId!)}/versions#event-${e.id}`,
    title: `${TITLE_PREFIX[e.type] ?? e.type}: ${title}`,
    link: body.link,
    original: e.url && /^https?:\/\//i.test(e.url) ? e.url : null,
    published: at,
    updated: at,
    changed: at,
    html: body.html,
    summary: body.text,
    lang: null,
    author: e.sourceSlug,
    categories: [e.type],
  };
}
