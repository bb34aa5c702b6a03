import type { ArticleSummary, SourceRow, Stats } from '../../store/store.js';
import { number } from '../format.js';
import { Count } from '../counts.js';
import { Layout } from '../layout.js';
import { ArticleList } from './article-list.js';
import { SourceTable } from './source-page.js';

export function HomePage(props: { latest: ArticleSummary[]; sources: SourceRow[]; stats: Stats }) {
  if (props.stats.articles === 0) return <EmptyHome />;
  return (
    <Layout title="Latest" feed={{ title: 'Latest articles', path: '/feeds/all' }}>
      <div class="grid">
        <section>
          <h1>Latest articles</h1>
          <p class="meta">
            <span>
              <Count n={props.stats.articles} means="articles" />
            </span>
            <span>{number(props.stats.sources)} sources</span>
          </p>
          <ArticleList items={props.latest} showSource />
        </section>
        <aside>
          <h2>Sources</h2>
          <SourceTable sources={props.sources} />
        </aside>
      </div>
    </Layout>
  );
}

function EmptyHome() {
  return (
    <Layout title="Welcome">
      <h1>Your archive is empty</h1>
      <p class="lede">
        Wirewatch archives what state media publish: it keeps every copy, flags edits and deletions, and lets you read and search it
        all in English and Korean. Nothing has been stored yet.
      </p>
      <h2>Import an existing collection</h2>
      <p>Import a JSONL or CSV dump (plain or gzip). Known layouts have presets; any other maps its columns:</p>
      <pre>
        {`npx wirewatch import kcna-co-jp-1997-2018.jsonl.gz --preset kcna-co-jp
npx wirewatch import my-dump.csv --map url=link --map title=headline --map body=text --map date=day`}
      </pre>
      <h2>Then</h2>
      <p>
        Reload this page. Every article gets a permalink, its source page lists it by date, and the JSON API at <code>/api/articles</code>,{' '}
        <code>/api/sources</code> and <code>/api/stats</code> serves the same data to your own tools.
      </p>
    </Layout>
  );
}
