import type { VersionRow } from '../store/crawl-store.js';
import type { Article, Store } from '../store/store.js';
import { versionCapture, type VersionCapture } from '../versions/version-capture.js';
import { textSha256, type CitedVersion } from './citation.js';

/** One version of an article with what its permalink shows and cites. */
export interface VersionView {
  article: Article;
  versions: VersionRow[];
  version: VersionRow;
  capture: VersionCapture;
  textSha256: string;
  /** True when the text came from a dump, not from an HTTP fetch by this archive. */
  imported: boolean;
  cite: CitedVersion;
}

export const versionPath = (articleId: number, n: number) => `/articles/${articleId}/versions/${n}`;
export const diffPath = (articleId: number, from: number, to: number) => `/articles/${articleId}/versions?from=${from}&to=${to}`;

/**
 * Version `n` of an article (`n` null: the current one); null when either does not exist. `origin` makes
 * the permalink absolute; `known`: the article when the caller has read it already.
 */
export async function loadVersion(store: Store, articleId: number, n: number | null, origin: string, known?: Article): Promise<VersionView | null> {
  const article = known ?? (await store.getArticle(articleId));
  if (!article) return null;
  const [versions, captures] = await Promise.all([store.crawl.versions(articleId), store.crawl.textCaptures(articleId)]);
  const version = n === null ? versions.at(-1) : versions.find((v) => v.n === n);
  if (!version) return null;
  const capture = versionCapture(versions, captures, version.n);
  const hash = textSha256(version.title, version.body);
  const imported = capture.first?.origin !== 'crawl';
  const cite: CitedVersion = {
    articleId,
    n: version.n,
    title: version.title,
    outlet: article.sourceName,
    lang: article.lang,
    url: article.url,
    published: article.published,
    capturedAt: capture.first?.takenAt ?? version.seenAt,
    imported,
    textSha256: hash,
    permalink: origin + versionPath(articleId, version.n),
  };
  return { article, versions, version, capture, textSha256: hash, imported, cite };
}
