import type { Article } from '../../store/store.js';

/** The article's public JSON shape (outside tools rely on these names; new fields may be added). */
export function articleJson(a: Article, extra?: { story: { id: number; size: number } | null; languages: { id: number; lang: string; confidence: number; shown: boolean }[] }) {
  return {
    id: a.id,
    url: a.url,
    source: a.sourceSlug,
    sourceName: a.sourceName,
    lang: a.lang,
    title: a.title,
    titleDerived: a.titleDerived,
    published: a.published,
    publishedAt: a.publishedAt,
    datePrecision: a.datePrecision,
    dateFrom: a.dateFrom,
    body: a.body,
    status: a.status,
    removedAt: a.removedAt,
    damaged: a.damaged,
    repaired: a.repaired,
    duplicateOf: a.duplicateOf,
    aliases: a.aliases,
    copies: a.copies,
    versions: a.versions,
    firstSeen: a.firstSeen,
    lastSeen: a.lastSeen,
    listingDate: a.listingDate,
    extractor: a.extractor ?? null,
    ...extra,
  };
}
