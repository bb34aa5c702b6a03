import type { ArticleSummary, SourceRow } from '../../store/store.js';
import { hostname, number } from '../format.js';
import { Layout } from '../layout.js';
import { ExternalLink } from '../safe-links.js';
import { Count, CountNote, COUNTS_MEAN } from '../counts.js';
import { ArticleList, Pager } from './article-list.js';
import { widthClass } from '../percent-classes.js';

export function SourcePage(props: {
  source: SourceRow;
  items: ArticleSummary[];
  total: number;
  page: number;
  pages: number;
  perPage: number;
  years: { year: string; count: number }[];
}) {
  const { source: s } = props;
  const max = Math.max(1, ...props.years.map((y) => y.count));
  // Newest first: a year's first article sits after every article of the later years.
  let before = 0;
  const yearPage = props.years.map((y) => {
    const page = Math.floor(before / props.perPage) + 1;
    before += y.count;
    return page;
  });
  return (
    <Layout title={s.name} feed={{ title: s.name, path: `/feeds/sources/${s.slug}` }}>
      <div class="grid">
        <section>
          <h1>{s.name}</h1>
          <p class="meta">
            <span>
              <Count n={props.total} means="articles" />, newest first
            </span>
            {s.homepage ? (
              <span>
                <ExternalLink href={s.homepage}>{hostname(s.homepage)}</ExternalLink>
              </span>
            ) : null}
            <span>
              <a href={`/api/sources/${s.slug}/articles?page=${props.page}`}>JSON</a>
            </span>
          </p>
          <ArticleList items={props.items} />
          <Pager page={props.page} pages={props.pages} href={(p) => `/sources/${s.slug}?page=${p}`} />
        </section>
        <aside>
          <h2 title={COUNTS_MEAN.articles}>Articles per year</h2>
          <table class="counts">
            <tbody>
              {props.years.map((y, i) => (
                <tr>
                  <td>
                    <a href={`/sources/${s.slug}?page=${yearPage[i]}`}>{y.year}</a>
                  </td>
                  <td class="n">{number(y.count)}</td>
                  <td class="bar-cell">
                    <span class={`bar ${widthClass(Math.max(0.01, y.count / max))}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </aside>
      </div>
    </Layout>
  );
}

export function SourcesPage(props: { sources: SourceRow[] }) {
  return (
    <Layout title="Sources">
      <h1>Sources</h1>
      <SourceTable sources={props.sources} />
    </Layout>
  );
}

export function SourceTable(props: { sources: SourceRow[] }) {
  return (
    <>
    <table class="counts">
      <thead>
        <tr>
          <th>Source</th>
          <th class="n" title={COUNTS_MEAN.articles}>
            Articles
          </th>
        </tr>
      </thead>
      <tbody>
        {props.sources.map((s) => (
          <tr>
            <td>
              <a href={`/sources/${s.slug}`}>{s.name}</a>
            </td>
            <td class="n">{number(s.articles)}</td>
          </tr>
        ))}
      </tbody>
    </table>
      <CountNote means="articles" />
    </>
  );
}
