import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { loadMarkup } from '../extract/text.js';
import type { SourceDef } from '../sources/schema.js';

/** An image a page shows as part of its article, before it is fetched. */
export interface PageImage {
  /** `og:image`, `content:N` (Nth image in the article's content area), `gallery:N` (photo items). */
  slot: string;
  srcUrl: string;
  caption: string | null;
}

/** Images kept per article page at most: a page with hundreds is a gallery index, not an article. */
export const MAX_IMAGES_PER_PAGE = 12;

/** Containers of photo items (kcna.kp's `/media/photo/` pages, galleries and slideshows). */
const GALLERY = /(?:^|[\s_-])(?:gallery|photos?|slides?|carousel)(?:$|[\s_-])/i;
const CAPTION = /caption|photo-?text|img-?title/i;

/**
 * The images that belong to an article page: `og:image`, the images of the content area (the nearest
 * element holding every paragraph the adapter's selectors find; `<article>` or `<main>` without rules),
 * and the photo items of galleries. Elements the adapter removes (icons, share buttons) are skipped;
 * captions are read from `<figcaption>`, caption elements beside the image, else `alt`/`title`.
 */
export function pageImages(def: SourceDef | null, html: string, pageUrl: string): PageImage[] {
  const $ = loadMarkup(html);
  const found: PageImage[] = [];
  const seen = new Set<string>();
  const add = (slot: string, src: string | null | undefined, caption: string | null) => {
    const url = absoluteHttp(src, pageUrl);
    if (!url || found.length >= MAX_IMAGES_PER_PAGE) return false;
    const key = `${slot.split(':')[0]} ${url}`;
    if (seen.has(key)) return false;
    seen.add(key);
    found.push({ slot, srcUrl: url, caption });
    return true;
  };
  const og = $('meta[property="og:image"], meta[name="og:image"]').first().attr('content');
  add('og:image', og, clean($('meta[property="og:image:alt"]').first().attr('content')));

  const rules = def?.adapter.kind === 'html' ? def.adapter.article : undefined;
  const removed = new Set<AnyNode>();
  for (const sel of rules?.remove ?? []) for (const el of $(sel).toArray()) if (!CAPTION.test(($(el).attr('class') ?? '') + ($(el).attr('id') ?? ''))) removed.add(el);
  const skip = (el: Element) => $(el).parents().toArray().some((p) => removed.has(p)) || removed.has(el);

  const area = contentArea($, rules?.paragraphs);
  let n = 0;
  const inArea = new Set<Element>();
  if (area) {
    for (const img of $(area).find('img').toArray()) {
      inArea.add(img);
      if (skip(img) || tiny($, img)) continue;
      if (add(`content:${n + 1}`, srcOf($, img), captionOf($, img))) n++;
    }
  }
  let g = 0;
  for (const img of $('img').toArray()) {
    if (inArea.has(img) || skip(img) || tiny($, img)) continue;
    const inGallery = $(img).parents().toArray().some((p) => GALLERY.test(`${$(p).attr('class') ?? ''} ${$(p).attr('id') ?? ''}`));
    if (!inGallery) continue;
    // A gallery thumbnail linking to its full-size photo: the photo is the item.
    const link = $(img).closest('a').attr('href');
    const src = link && /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i.test(link) ? link : srcOf($, img);
    if (add(`gallery:${g + 1}`, src, captionOf($, img))) g++;
  }
  return found;
}

/** The lowest element holding every paragraph the first matching selector finds. */
function contentArea($: CheerioAPI, selectors: string[] | undefined): Element | null {
  for (const sel of selectors ?? []) {
    const els = $(sel).toArray();
    if (els.length === 0) continue;
    let common: Element | null = (els[0].parent as Element | null) ?? null;
    for (const el of els.slice(1)) {
      while (common && !$(common).find(el as Element).length) common = (common.parent as Element | null) ?? null;
    }
    if (common) return common;
  }
  return ($('article').first()[0] as Element | undefined) ?? ($('main').first()[0] as Element | undefined) ?? null;
}

function srcOf($: CheerioAPI, img: Element): string | null {
  const e = $(img);
  const lazy = e.attr('data-src') ?? e.attr('data-original') ?? e.attr('data-lazy-src');
  const src = e.attr('src');
  // Lazy-loading pages put a placeholder (often a data: URI) in src and the photo in data-src.
  return lazy && (!src || src.startsWith('data:')) ? lazy : (src ?? lazy ?? null);
}

function captionOf($: CheerioAPI, img: Element): string | null {
  const e = $(img);
  const fig = clean(e.closest('figure').find('figcaption').first().text());
  if (fig) return fig;
  for (const near of [e.next(), e.parent().next(), e.parent().children().filter((_, c) => c !== img)]) {
    const c = near.filter((_, el) => CAPTION.test(`${$(el).attr('class') ?? ''}`)).first();
    const t = clean(c.text());
    if (t) return t;
  }
  return clean(e.attr('alt')) ?? clean(e.attr('title'));
}

/** Spacers and icons announced small by their attributes. */
function tiny($: CheerioAPI, img: Element): boolean {
  const w = Number($(img).attr('width'));
  const h = Number($(img).attr('height'));
  return (w > 0 && w < 32) || (h > 0 && h < 32);
}

function clean(s: string | null | undefined): string | null {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t ? t.slice(0, 1000) : null;
}

function absoluteHttp(src: string | null | undefined, base: string): string | null {
  if (!src || src.startsWith('data:')) return null;
  try {
    const u = new URL(src.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
