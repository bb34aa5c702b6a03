import { wordCounts } from '../format.js';
import type { EventRow, VersionRow } from '../../store/crawl-store.js';
import type { Article } from '../../store/store.js';
import { PARAGRAPH_NOTE, type ArticleComparison } from '../../versions/diff.js';
import { instantText } from '../crawl-format.js';
import { Layout } from '../layout.js';
import { TextDiff } from './text-diff.js';
import { ImageChanges, imageChangeCount } from './image-changes.js';
import { versionPath } from '../version-permalink.js';

/** Rows of the versions table per page (an article can have hundreds of versions). */
export const VERSIONS_PER_PAGE = 50;

/** The two versions compared (`from`, `to`; the first and last when absent). */
export function comparedPair(versions: VersionRow[], from: number, to: number): { older: VersionRow; newer: VersionRow } {
  return { older: versions.find((v) => v.n === from) ?? versions[0], newer: versions.find((v) => v.n === to) ?? versions[versions.length - 1] };
}

export function VersionsPage(props: { article: Article; versions: VersionRow[]; from: number; to: number; events: EventRow[]; page?: number; diff: ArticleComparison }) {
  const { article: a, versions } = props;
  const pages = Math.max(1, Math.ceil(versions.length / VERSIONS_PER_PAGE));
  const page = Math.min(pages, Math.max(1, props.page ?? 1));
  // Newest first, so the first page holds the latest edits.
  const shown = [...versions].reverse().slice((page - 1) * VERSIONS_PER_PAGE, page * VERSIONS_PER_PAGE);
  const pageLink = (n: number) => `/articles/${a.id}/versions?from=${props.from}&to=${props.to}&page=${n}`;
  const { older, newer } = comparedPair(versions, props.from, props.to);
  const diff = props.diff;
  const same = older.n === newer.n;
  const single = versions.length === 1;
  const photoChanges = imageChangeCount(props.events);
  return (
    <Layout title={`Versions: ${a.title}`}>
      <p class="meta">
        <span>
          <a href={`/articles/${a.id}`}>← Back to the article</a>
        </span>
        <span>{a.sourceName}</span>
        <span>
          <a href={`/api/articles/${a.id}/versions`}>JSON</a>
        </span>
      </p>
      <h1 lang={a.lang}>
        Versions of “<bdi>{a.title}</bdi>”
      </h1>
      <p class="meta">
        {versions.length} {versions.length === 1 ? 'version' : 'versions'}; edited {versions.length - 1} {versions.length - 1 === 1 ? 'time' : 'times'}
        {photoChanges ? (
          <>
            ; <a href="#image-changes">{photoChanges} {photoChanges === 1 ? 'photo change' : 'photo changes'}</a>
          </>
        ) : null}
        .
      </p>
      {/* On a narrow screen the table scrolls inside this box, never the page. */}
      <section class="table-scroll" aria-label="Versions" tabindex={0}>
        <table class="counts versions">
          <thead>
            <tr>
              <th>#</th>
              <th>First seen</th>
              <th>Title</th>
              <th class="n">Paragraphs</th>
              <th>Changes</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((v) => (
              <tr>
                <td>
                  <a href={versionPath(a.id, v.n)} title={`Version ${v.n} as it was`}>
                    #{v.n}
                  </a>
                </td>
                <td>{instantText(v.seenAt)}</td>
                <td lang={a.lang}>
                  <bdi>{v.title}</bdi>
                  {v.current ? <span class="badge">current</span> : null}
                </td>
                <td class="n">{v.body.length}</td>
                <td>{v.n > 1 ? <a href={`/articles/${a.id}/versions?from=${v.n - 1}&to=${v.n}`}>changes from #{v.n - 1}</a> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {pages > 1 ? (
        <p class="meta pager">
          <span>
            Versions {versions.length - (page - 1) * VERSIONS_PER_PAGE - shown.length + 1}–{versions.length - (page - 1) * VERSIONS_PER_PAGE} of {versions.length}, newest first
          </span>
          {page > 1 ? (
            <span>
              <a href={pageLink(page - 1)}>← Newer</a>
            </span>
          ) : null}
          {page < pages ? (
            <span>
              <a href={pageLink(page + 1)}>Older →</a>
            </span>
          ) : null}
        </p>
      ) : null}
      {/* Before the text comparison, which can run to pages: photo changes are easy to miss below it. */}
      <ImageChanges events={props.events} />
      {/* One version: nothing to compare, so no form offering #1 against #1. */}
      {single ? null : (
        <form class="compare" method="get" action={`/articles/${a.id}/versions`}>
          <label>
            Compare <VersionSelect name="from" versions={versions} selected={older.n} />
          </label>
          <label>
            with <VersionSelect name="to" versions={versions} selected={newer.n} />
          </label>
          <button type="submit">Show differences</button>
        </form>
      )}
      {single ? (
        <>
          <h2>Version #{older.n}</h2>
          <p class="meta">The only version captured so far; each edit the crawler sees adds one.</p>
        </>
      ) : (
        <>
          <h2>
            Version #{older.n} → #{newer.n}
          </h2>
          <p class="meta">{same ? 'The same version on both sides.' : `${wordCounts(diff.added, diff.removed)}. Inserted text is green, deleted text red and struck through.`}</p>
        </>
      )}
      {diff.granularity === 'paragraph' ? (
        <p class="note diff-note" role="note">
          {PARAGRAPH_NOTE}
        </p>
      ) : null}
      <TextDiff lang={a.lang} title={diff.title} body={diff.body} />
      {props.events.length ? (
        <>
          <h2>Events</h2>
          <ul class="list">
            {props.events.map((e) => (
              <li>
                {e.type} <span class="d">{instantText(e.at)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}

/** One side of the comparison form: every version, the compared one selected. */
function VersionSelect(props: { name: 'from' | 'to'; versions: { n: number; seenAt: string }[]; selected: number }) {
  return (
    <select name={props.name}>
      {props.versions.map((v) => (
        <option value={String(v.n)} selected={v.n === props.selected}>
          #{v.n} · {instantText(v.seenAt)}
        </option>
      ))}
    </select>
  );
}
