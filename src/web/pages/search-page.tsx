import { raw } from 'hono/html';
import type { FacetCount, SearchResponse, SortOrder } from '../../search/backend.js';
import { QuerySyntaxError } from '../../search/query/errors.js';
import { LANG_NAME, longDate, number } from '../format.js';
import { Layout } from '../layout.js';
import { Pager } from './article-list.js';

const PAGE_CSS = `
form.search{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 .6rem}
form.search input[type=search]{flex:1 1 18rem;min-width:0;font:inherit;padding:.5rem .7rem;border:1px solid #b9b6ad;border-radius:6px;background:#fff}
form.search select,form.search button,form.compare select,form.compare button{font:inherit;padding:.45rem .7rem;border:1px solid #b9b6ad;border-radius:6px;background:#fff}
form.search button,form.compare button{background:var(--fg);color:#fff;border-color:var(--fg)}
details.help{font-size:.92rem;margin:0 0 1.2rem}
details.help table{border-collapse:collapse;margin:.5rem 0}
details.help td{padding:.2rem .6rem .2rem 0;vertical-align:top;border-bottom:1px solid var(--line)}
.error{background:#fdecea;border-left:3px solid var(--accent);padding:.6rem .9rem;margin:0 0 1rem}
.error pre{background:none;padding:.3rem 0 0;margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
ol.hits{list-style:none;padding:0;margin:0}
ol.hits li{padding:.7rem 0;border-bottom:1px solid var(--line)}
ol.hits .d{display:block;color:var(--muted);font-size:.85rem}
ol.hits .s{margin:.25rem 0 0;font-size:.95rem;overflow-wrap:anywhere}
mark{background:#ffe58a;color:inherit;padding:0 .05em;border-radius:2px}
.facets h2{margin-top:1.2rem}
.facets ul{list-style:none;padding:0;margin:0;font-size:.92rem}
.facets li{display:flex;justify-content:space-between;gap:.5rem;padding:.12rem 0}
.facets li span{color:var(--muted);font-variant-numeric:tabular-nums}
.facets .years{columns:2}
form.compare{display:grid;gap:.4rem;margin:.4rem 0}
form.compare input{font:inherit;padding:.35rem .6rem;border:1px solid #b9b6ad;border-radius:6px;min-width:0}
form.compare .row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
#chart{min-height:2rem;margin:.4rem 0 1rem}
section.chart{margin:0 0 1rem}
section.chart h2{margin-top:.4rem}
form.compare .qs{display:grid;grid-template-columns:repeat(auto-fill,minmax(8.5rem,1fr));gap:.4rem}
.hint{color:var(--muted);font-size:.85rem}
`;

const SYNTAX: [string, string][] = [
  ['nuclear test', 'both words (AND is the default)'],
  ['"nuclear test"', 'the exact phrase (punctuation between words is ignored)'],
  ['nuclear OR atomic', 'either word; AND, OR, NOT are written in capitals'],
  ['nuclear -test, nuclear NOT test', 'without a word'],
  ['(nuclear OR atomic) test', 'parentheses group'],
  ['nucl*', 'words starting with nucl'],
  ['title:summit, title:"party congress"', 'in the headline only'],
  ['source:kcna-co-jp lang:en', 'one source, one language'],
  ['date:2013, date:2013-12, date:2013-12-01..2014-01-31', 'a year, a month, a range (2013.. and ..2014 too)'],
  ['로동, 노동', 'Korean: found inside compounds; North and South spellings find each other'],
  ['Kim Jong Un', 'names: every listed romanization (Kim Jong-un, Kim Jongun, 김정은 …)'],
];

export function SearchPage(props: { q: string; sort: SortOrder; result?: SearchResponse; error?: Error; compare: string[]; collapse?: boolean }) {
  const { q, result } = props;
  const href = (extra: Record<string, string | number>) =>
    `/search?${new URLSearchParams({ q, sort: props.sort, ...(props.collapse ? { collapse: 'story' } : {}), ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) })}`;
  const refine = (term: string) => `/search?${new URLSearchParams({ q: `${q} ${term}`, sort: props.sort })}`;
  const compare = props.compare.length ? props.compare : q ? [q] : [];
  return (
    <Layout title={q ? `${q} — search` : 'Search'}>
      <style>{raw(PAGE_CSS)}</style>
      <h1>Search</h1>
      <form class="search" method="get" action="/search" role="search">
        <input type="search" name="q" value={q} placeholder='e.g. "nuclear test" date:2013 or 로동' aria-label="query" autofocus={!q} />
        <select name="sort" aria-label="order">
          {(['relevance', 'newest', 'oldest'] as const).map((s) => (
            <option value={s} selected={s === props.sort}>
              {s}
            </option>
          ))}
        </select>
        <label class="collapse">
          <input type="checkbox" name="collapse" value="story" checked={props.collapse} /> one per story
        </label>
        <button type="submit">Search</button>
      </form>
      <details class="help" open={!q}>
        <summary>Query syntax</summary>
        <table>
          <tbody>
            {SYNTAX.map(([ex, what]) => (
              <tr>
                <td>
                  <code>{ex}</code>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="hint">
          Counts are exact. Words are matched as written (no stemming): <code>test</code> does not find <code>tests</code>; use <code>test*</code>. Full rules:{' '}
          docs/search.md.
        </p>
      </details>
      {props.error ? <QueryError error={props.error} /> : null}
      {(result && result.total > 0) || props.compare.length ? <Chart q={q} compare={compare} sort={props.sort} /> : null}
      {result ? (
        <div class="grid">
          <section>
            <p class="meta">
              <span>
                {number(result.total)} {result.total === 1 ? 'article' : 'articles'}
              </span>
              <span>{result.ranking === 'bm25' ? 'by relevance' : result.ranking === 'newest' ? 'newest first' : 'oldest first'}</span>
              {props.sort === 'relevance' && result.ranking === 'newest' && result.total > 0 ? <span>relevance ranks up to 5,000 matches</span> : null}
              <span>
                <a href={`/api/search?${new URLSearchParams({ q, sort: props.sort })}`}>JSON</a> ·{' '}
                <a href={`/api/search.jsonl?${new URLSearchParams({ q })}`}>JSONL</a> · <a href={`/api/search.csv?${new URLSearchParams({ q })}`}>CSV</a>
              </span>
            </p>
            <ol class="hits" start={(result.page - 1) * result.perPage + 1}>
              {result.results.map((h) => (
                <li lang={h.lang}>
                  <a href={`/articles/${h.id}`}>{h.title}</a>
                  <span class="d" lang="en">
                    <time datetime={h.published}>{longDate(h.published)}</time> · {h.source} · {LANG_NAME[h.lang] ?? h.lang}
                  </span>
                  <p class="s" dangerouslySetInnerHTML={{ __html: h.snippet }} />
                </li>
              ))}
            </ol>
            <Pager
              page={result.page}
              pages={Math.max(1, Math.ceil(result.total / result.perPage))}
              href={(p) => href({ page: p })}
              newerLabel="Previous"
              olderLabel="Next"
            />
          </section>
          <aside class="facets">
            <Facet title="Sources" items={result.facets.source} link={(v) => refine(`source:${v}`)} />
            <Facet title="Languages" items={result.facets.lang} link={(v) => refine(`lang:${v}`)} label={(v) => LANG_NAME[v] ?? v} />
            <Facet title="Years" items={result.facets.year} link={(v) => refine(`date:${v}`)} cls="years" />
          </aside>
        </div>
      ) : null}
    </Layout>
  );
}

function QueryError(props: { error: Error }) {
  const e = props.error;
  return (
    <div class="error" role="alert">
      <strong>That query cannot be read: </strong>
      {e.message}
      {e instanceof QuerySyntaxError ? <pre>{e.pointer()}</pre> : null}
    </div>
  );
}

function Facet(props: { title: string; items: FacetCount[]; link: (v: string) => string; label?: (v: string) => string; cls?: string }) {
  if (props.items.length === 0) return null;
  return (
    <>
      <h2>{props.title}</h2>
      <ul class={props.cls}>
        {props.items.map((f) => (
          <li>
            <a href={props.link(f.value)}>{props.label ? props.label(f.value) : f.value}</a>
            <span>{number(f.count)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function Chart(props: { q: string; compare: string[]; sort: SortOrder }) {
  const slots = [...props.compare, '', '', '', '', ''].slice(0, 5);
  const params = new URLSearchParams();
  for (const c of props.compare) params.append('q', c);
  params.set('interval', 'year');
  return (
    <section class="chart">
      <h2>Attention over time</h2>
      <form class="compare" method="get" action="/search">
        <input type="hidden" name="q" value={props.q} />
        <input type="hidden" name="sort" value={props.sort} />
        <div class="qs">
          {slots.map((s, i) => (
            <input name="cmp" value={s} placeholder={`query ${i + 1}`} aria-label={`compare query ${i + 1}`} />
          ))}
        </div>
        <div class="row">
          <select id="interval" aria-label="interval">
            {(['year', 'month', 'week', 'day'] as const).map((v) => (
              <option value={v}>{v}</option>
            ))}
          </select>
          <label>
            <input type="radio" name="mode" value="count" checked /> counts
          </label>
          <label>
            <input type="radio" name="mode" value="share" /> share of all articles
          </label>
          <button type="submit">Compare</button>
          <a id="chart-csv" href={`/api/timeline.csv?${params}`}>
            Download CSV
          </a>
        </div>
      </form>
      <div id="chart" data-queries={JSON.stringify(props.compare)}>
        <noscript>The chart needs JavaScript; the CSV link above has the same series.</noscript>
      </div>
      <link rel="stylesheet" href="/static/uplot/uPlot.min.css" />
      <script src="/static/uplot/uPlot.iife.min.js" defer />
      <script src="/static/search-chart.js" defer />
    </section>
  );
}

/** The chart: one timeline request per query, drawn with uPlot as counts or shares. */
export const SEARCH_CHART_JS = `(function () {
  var el = document.getElementById('chart');
  if (!el || !window.uPlot) return;
  var queries = JSON.parse(el.getAttribute('data-queries') || '[]');
  if (!queries.length) return;
  var COLORS = ['#8a1c1c', '#1a4d8f', '#2e7d32', '#b26a00', '#6a1b9a'];
  var intervalEl = document.getElementById('interval');
  var csv = document.getElementById('chart-csv');
  var plot = null, cache = {};
  function mode() { var m = document.querySelector('input[name=mode]:checked'); return m ? m.value : 'count'; }
  function ts(p) { var a = p.split('-'); return Date.UTC(+a[0], a[1] ? a[1] - 1 : 0, a[2] ? +a[2] : 1) / 1000; }
  function load(interval) {
    if (cache[interval]) return Promise.resolve(cache[interval]);
    return Promise.all(queries.map(function (q) {
      return fetch('/api/timeline?interval=' + interval + '&q=' + encodeURIComponent(q)).then(function (r) { return r.json(); });
    })).then(function (res) { cache[interval] = res; return res; });
  }
  function draw() {
    var interval = intervalEl.value, share = mode() === 'share';
    var params = new URLSearchParams();
    queries.forEach(function (q) { params.append('q', q); });
    params.set('interval', interval);
    if (share) params.set('mode', 'share');
    csv.href = '/api/timeline.csv?' + params.toString();
    load(interval).then(function (res) {
      if (res.some(function (r) { return !r.buckets; })) { el.textContent = (res.find(function (r) { return r.message; }) || {}).message || 'no data'; return; }
      var b0 = res[0].buckets;
      var data = [b0.map(function (b) { return ts(b.period); })];
      res.forEach(function (r) {
        data.push(r.buckets.map(function (b) { return share ? (b.total ? (100 * b.count) / b.total : null) : b.count; }));
      });
      var opts = {
        width: Math.max(280, el.clientWidth), height: 240,
        scales: { x: { time: true } },
        axes: [{}, { label: share ? '% of articles' : 'articles', size: 60 }],
        series: [{}].concat(queries.map(function (q, i) {
          return { label: q, stroke: COLORS[i], width: 2, value: function (u, v) { return v == null ? '–' : share ? v.toFixed(2) + '%' : v; } };
        })),
      };
      if (plot) plot.destroy();
      el.textContent = '';
      plot = new uPlot(opts, data, el);
    });
  }
  intervalEl.addEventListener('change', draw);
  document.querySelectorAll('input[name=mode]').forEach(function (r) { r.addEventListener('change', draw); });
  window.addEventListener('resize', function () { if (plot) plot.setSize({ width: Math.max(280, el.clientWidth), height: 240 }); });
  draw();
})();
`;
