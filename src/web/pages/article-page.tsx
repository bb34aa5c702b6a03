import type { Article, ArticleSummary } from '../../store/store.js';
import { DATE_FROM_LABEL, hostname, LANG_NAME, longDate } from '../format.js';
import { DateText, Layout } from '../layout.js';
import { ExternalLink } from '../safe-links.js';
import { ArticleList, Pager } from './article-list.js';
import { ArticleStatus } from './article-status.js';
import { StorySections, type ArticleStoryContext } from './story-sections.js';
import type { CitedVersion } from '../citation.js';
import { CitationMeta, CiteBlock } from './cite-block.js';
import { ArticlePhotos } from './image-changes.js';
import type { ImageSlot } from '../../store/images.js';

export interface ArticlePageProps {
  article: Article;
  more: { items: ArticleSummary[]; page: number; pages: number };
  previous: ArticleSummary | null;
  next: ArticleSummary | null;
  /** Other copies of the story and versions in other languages. */
  story?: ArticleStoryContext;
  /** The current version, cited (head metadata and the "Cite this version" block). */
  cite?: CitedVersion;
  /** This server's origin, for the canonical link. */
  origin?: string;
  /** The article's images as last captured. */
  photos?: ImageSlot[];
}

export function ArticlePage({ article: a, more, previous, next, story, cite, origin, photos }: ArticlePageProps) {
  return (
    <Layout title={a.title} canonical={origin ? `${origin}/articles/${a.id}` : undefined} head={cite ? <CitationMeta v={cite} /> : undefined}>
      <div class="grid">
        <article>
          <p class="meta">
            <span>
              <a href={`/sources/${a.sourceSlug}`}>{a.sourceName}</a>
            </span>
            <span>{LANG_NAME[a.lang] ?? a.lang}</span>
            <span>
              <a href={`/articles/${a.id}`}>Permalink #{a.id}</a>
            </span>
          </p>
          <h1 lang={a.lang} dir="auto">{a.title}</h1>
          <p class="meta">
            <span>
              <DateText ymd={a.published} datetime={a.publishedAt} />
            </span>
            <span>
              date from {DATE_FROM_LABEL[a.dateFrom] ?? a.dateFrom}
              {a.listingDate && a.listingDate !== a.published ? (
                <>
                  ; listed <DateText ymd={a.listingDate} />
                </>
              ) : null}
            </span>
            {a.titleDerived ? <span>title derived from the first sentence</span> : null}
          </p>
          <ArticleStatus article={a} />
          {a.damaged ? <p class="note">Part of this text was damaged before it reached the archive (characters shown as �). It is kept as received.</p> : null}
          {a.extractor === 'readability' ? (
            <p class="note">
              Read by the generic reader: the source's selectors found no text on this page (its markup changed), so the text is the reader's best guess at the
              article. <a href={`/sources/${a.sourceSlug}/health`}>Source health</a>
            </p>
          ) : null}
          {a.repaired ? <p class="note">Control characters (invisible bytes such as NUL) in the text as received were dropped; nothing else was changed.</p> : null}
          <ExternalLink class="original" href={a.url}>
            Read the original at {hostname(a.url)}
          </ExternalLink>
          {a.copies.length > 0 ? (
            <details class="copies">
              <summary>
                Also published at {a.copies.length} other {a.copies.length === 1 ? 'address' : 'addresses'} (the same text, counted once)
              </summary>
              <ul>
                {a.copies.map((u) => (
                  <li>
                    <ExternalLink href={u} />
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <div class="article-body" lang={a.lang}>
            {a.body.map((p) => (
              <p dir="auto">{p}</p>
            ))}
          </div>
          {photos ? <ArticlePhotos slots={photos} /> : null}
          {cite ? <CiteBlock v={cite} heading={`Cite this version (version ${cite.n})`} linkVersion /> : null}
          <nav class="prevnext" aria-label={`previous and next in ${a.sourceName}`}>
            <div>
              {previous ? (
                <a href={`/articles/${previous.id}`} rel="prev" lang={previous.lang}>
                  <small lang="en">← Previous · {longDate(previous.published)}</small>
                  <bdi>{previous.title}</bdi>
                </a>
              ) : null}
            </div>
            <div class="next">
              {next ? (
                <a href={`/articles/${next.id}`} rel="next" lang={next.lang}>
                  <small lang="en">Next · {longDate(next.published)} →</small>
                  <bdi>{next.title}</bdi>
                </a>
              ) : null}
            </div>
          </nav>
        </article>
        <aside>
          {story ? <StorySections articleId={a.id} ctx={story} /> : null}
          <h2>More from {a.sourceName}</h2>
          <ArticleList items={more.items} currentId={a.id} />
          <Pager page={more.page} pages={more.pages} href={(p) => `/articles/${a.id}?more=${p}`} />
          <p class="meta">
            <a href={`/sources/${a.sourceSlug}?page=${more.page}`}>Open this page of the {a.sourceName} listing</a>
          </p>
        </aside>
      </div>
    </Layout>
  );
}
