import { INTERVALS, type ChangeSnippet, type FacetCount, type Interval, type SearchResponse, type SortOrder } from '../../search/backend.js';
import { SORT_ORDERS } from '../../search/query/ast.js';
import { QuerySyntaxError } from '../../search/query/errors.js';
import { LANG_NAME, number } from '../format.js';
import { DateText, Layout } from '../layout.js';
import { Pager } from './article-list.js';
import { SaveThisSearch } from '../watch/watch-form.js';

const SYNTAX: [string, string][] = [
  ['nuclear test', 'both words (AND is the default)'],
  ['"nuclear test"', 'the exact phrase (punctuation between words is ignored)'],
  ['nuclear OR atomic', 'either word; AND, OR, NOT are written in capitals'],
  ['nuclear -test, nuclear NOT test', 'without a word'],
  ['(nuclear OR atomic) test', 'parentheses group'],
  ['nucl*', 'words starting with nucl'],
  ['title:summit, title:"party congress"', 'in the headline only'],
  ['removed:"Jang Song Thaek", added:reunification', 'articles a later version took the words out of, or put them in (edits, scrubbed names)'],
  ['source:kcna-co-jp lang:en', 'one source, one language'],
  ['date:2013, date:2013-12, date:2013-12-01..2014-01-31', 'a year, a month, a range (2013.. and ..2014 too)'],
  ['로동, 노동', 'Korean: found inside compounds; North and South spellings find each other'],
  ['Kim Jong Un', 'names: every listed romanization (Kim Jong-un, Kim Jongun, 김정은 …)'],
];

const MAX_SERIES = 5;

/** Everything the search page shows is decided by its URL: reload or share it and the page is the same. */
export interface SearchState {
  q: string;
  sort: SortOrder;
  /** One per story: copies of a story count once. */
  collapse: boolean;
  page: number;
  /** Queries drawn beside `q` on the chart (at most four). */
  cmp: string[];
  interval: Interval;
  mode: 'count' | 'share';
}

/** The state from the URL's parameters; anything unknown falls back to its default. */
export function readSearchState(get: (name: string) => string[]): SearchState {
  const one = (name: string) => get(name)[0] ?? '';
  const q = one('q').trim();
  const sort = (SORT_ORDERS as readonly string[]).includes(one('sort')) ? (one('sort') as SortOrder) : 'relevance';
  const interval = (INTERVALS as readonly string[]).includes(one('interval')) ? (one('interval') as Interval) : 'year';
  const cmp = [...new Set(get('cmp').map((s) => s.trim()).filter((s) => s && s !== q))].slice(0, MAX_SERIES - 1);
  return {
    q,
    sort,
    collapse: one('collapse') === 'story',
    page: Math.max(1, Number.parseInt(one('page'), 10) || 1),
    cmp,
    interval,
    mode: one('mode') === 'share' ? 'share' : 'count',
  };
}

/** The page's URL for a state: every control is a parameter. */
export function searchHref(state: SearchState, over: Partial<SearchState> = {}): string {
  const s = { ...state, ...over };
  const p = new URLSearchParams();
  p.set('q', s.q);
  p.set('sort', s.sort);
  if (s.collapse) p.set('collapse', 'story');
  for (const c of s.cmp) p.append('cmp', c);
  p.set('interval', s.interval);
  p.set('mode', s.mode);
  if (s.page > 1) p.set('page', String(s.page));
  return `/search?${p}`;
}

/** The queries the chart draws: the search itself, then the ones compared with it. */
export function chartQueries(state: SearchState): string[] {
  return [...new Set([state.q, ...state.cmp].filter(Boolean))].slice(0, MAX_SERIES);
}

const LANGUAGE_FIRST = { latin: 'Latin-script languages first', hangul: 'Korean first' } as const;

export function SearchPage(props: { state: SearchState; result?: SearchResponse; error?: Error; notFoundUrl?: string; pageUrl?: string }) {
  const { state, result } = props;
  const { q } = state;
  const refine = (term: string) => searchHref(state, { q: `${q} ${term}`, page: 1 });
  const series = props.notFoundUrl || props.pageUrl ? state.cmp : chartQueries(state);
  const unit = state.collapse ? 'stories' : 'articles';
  const unitNote = state.collapse ? 'one per story: copies of a story count once' : 'one per distinct text';
  const names = new Map((result?.facets.source ?? []).map((f) => [f.value, f.name ?? f.value]));
  const exportParams = (extra: Record<string, string>) => new URLSearchParams({ q, ...(state.collapse ? { collapse: 'story' } : {}), ...extra });
  return (
    <Layout title={q ? `${q} — search` : 'Search'} feed={q && result && !props.pageUrl ? { title: `Search: ${q}`, path: '/feeds/search', query: { q } } : undefined}>
      <h1>Search</h1>
      <form class="search" id="sf" method="get" action="/search" role="search">
        <input type="search" name="q" value={q} placeholder='e.g. "nuclear test" date:2013, 로동, or a pasted URL' aria-label="query" autofocus={!q} />
        <select name="sort" aria-label="order">
          {SORT_ORDERS.map((s) => (
            <option value={s} selected={s === state.sort}>
              {s}
            </option>
          ))}
        </select>
        <label class="collapse" title="Copies of one story (reprints, re-runs) are listed and counted once">
          <input type="checkbox" name="collapse" value="story" checked={state.collapse} /> one per story
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
          Counts are exact: articles, one per distinct text (or stories, with "one per story"). Words are matched as written (no stemming):{' '}
          <code>test</code> does not find <code>tests</code>; use <code>test*</code>. A pasted article URL opens the article. Full rules: docs/search.md.
        </p>
      </details>
      {props.error ? <QueryError error={props.error} /> : null}
      {props.notFoundUrl ? (
        <div class="notice" role="status">
          <strong>Not in the archive: </strong>
          no article is stored under <code>{props.notFoundUrl}</code> or an equivalent form of it (http or https, with or without www., with or
          without a trailing slash, without tracking parameters).
        </div>
      ) : null}
      {props.pageUrl && result ? (
        <div class="notice" role="status">
          <strong>One page, several articles: </strong>
          the outlet's page <code>{props.pageUrl}</code> holds {result.total} articles in this archive (one per position: #1, #2, …), listed
          below in page order.
        </div>
      ) : null}
      {series.length && !props.error && (!result || result.total > 0 || state.cmp.length) ? <Chart state={state} series={series} /> : null}
      {result ? (
        <div class="grid">
          <section>
            <p class="meta">
              <span title={`${unit} (${unitNote})`}>
                {number(result.total)} {result.total === 1 ? unit.replace(/s$/, '').replace(/ie$/, 'y') : unit} <span class="unit">({unitNote})</span>
              </span>
              {props.pageUrl ? null : (
                <span>
                  {result.ranking === 'bm25' ? 'by relevance' : result.ranking === 'newest' ? 'newest first' : 'oldest first'}
                  {state.sort === 'relevance' && result.languageFirst ? `, ${LANGUAGE_FIRST[result.languageFirst]}` : ''}
                </span>
              )}
              {state.sort === 'relevance' && result.ranking === 'newest' && result.total > 0 && !props.pageUrl ? <span>relevance ranks up to 5,000 matches</span> : null}
              <span>
                <a href={`/api/search?${exportParams({ sort: state.sort })}`}>JSON</a> · <a href={`/api/search.jsonl?${exportParams({})}`}>JSONL</a> ·{' '}
                <a href={`/api/search.csv?${exportParams({})}`}>CSV</a>
              </span>
            </p>
            {props.pageUrl ? null : <SaveThisSearch query={q} here={searchHref(state)} />}
            <ol class="hits" start={(result.page - 1) * result.perPage + 1}>
              {result.results.map((h) => (
                <li lang={h.lang}>
                  <a href={`/articles/${h.id}`} dir="auto">{h.title}</a>
                  <span class="d" lang="en">
                    <DateText ymd={h.published} /> · {names.get(h.source) ?? h.source} · {LANG_NAME[h.lang] ?? h.lang}
                  </span>
                  <p class="s" dir="auto" dangerouslySetInnerHTML={{ __html: h.snippet }} />
                  {h.change ? <ChangeLine id={h.id} change={h.change} /> : null}
                </li>
              ))}
            </ol>
            <Pager
              page={result.page}
              pages={Math.max(1, Math.ceil(result.total / result.perPage))}
              href={(p) => searchHref(state, { page: p })}
              newerLabel="Previous"
              olderLabel="Next"
            />
          </section>
          <aside class="facets">
            <p class="hint" title={`Every count on this page counts ${unit} (${unitNote})`}>
              Counts: {unit} ({unitNote})
            </p>
            <Facet title="Sources" unit={unit} items={result.facets.source} link={(v) => refine(`source:${v}`)} label={(v) => names.get(v) ?? v} />
            <Facet title="Languages" unit={unit} items={result.facets.lang} link={(v) => refine(`lang:${v}`)} label={(v) => LANG_NAME[v] ?? v} />
            <Facet title="Years" unit={unit} items={result.facets.year} link={(v) => refine(`date:${v}`)} cls="years" />
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

function Facet(props: { title: string; unit: string; items: FacetCount[]; link: (v: string) => string; label?: (v: string) => string; cls?: string }) {
  if (props.items.length === 0) return null;
  return (
    <>
      <h2 title={`Matching ${props.unit} per ${props.title.toLowerCase().replace(/s$/, '').replace(/ie$/, 'y')}`}>
        {props.title} <span class="unit">{props.unit}</span>
      </h2>
      <ul class={props.cls}>
        {props.items.map((f) => (
          <li>
            <a href={props.link(f.value)} title={f.value !== (props.label?.(f.value) ?? f.value) ? f.value : undefined}>
              {props.label ? props.label(f.value) : f.value}
            </a>
            <span>{number(f.count)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function Chart(props: { state: SearchState; series: string[] }) {
  const { state } = props;
  const others = props.series.filter((s) => s !== state.q);
  const slots = [...others, '', '', '', ''].slice(0, MAX_SERIES - 1);
  const params = new URLSearchParams();
  for (const c of props.series) params.append('q', c);
  params.set('interval', state.interval);
  if (state.mode === 'share') params.set('mode', 'share');
  if (state.collapse) params.set('collapse', 'story');
  const unit = state.collapse ? 'stories' : 'articles';
  return (
    <section class="chart">
      <h2>
        Attention over time{' '}
        <span class="unit">
          {state.mode === 'share' ? `share of all ${unit} per ${state.interval}` : `matching ${unit} per ${state.interval}`}
        </span>
      </h2>
      <div class="compare">
        <div class="qs">
          <span class="hint">compare with</span>
          {slots.map((s, i) => (
            <input form="sf" name="cmp" value={s} placeholder={`query ${i + 2}`} aria-label={`compare with query ${i + 2}`} />
          ))}
        </div>
        <div class="row">
          <select form="sf" name="interval" aria-label="interval">
            {(['year', 'month', 'week', 'day'] as const).map((v) => (
              <option value={v} selected={v === state.interval}>
                {v}
              </option>
            ))}
          </select>
          <label>
            <input form="sf" type="radio" name="mode" value="count" checked={state.mode === 'count'} /> counts
          </label>
          <label>
            <input form="sf" type="radio" name="mode" value="share" checked={state.mode === 'share'} /> share of all {unit}
          </label>
          <button form="sf" type="submit">
            Show
          </button>
          <a id="chart-csv" href={`/api/timeline.csv?${params}`}>
            Download CSV
          </a>
        </div>
      </div>
      <div
        id="chart"
        data-queries={JSON.stringify(props.series)}
        data-interval={state.interval}
        data-mode={state.mode}
        data-collapse={state.collapse ? 'story' : 'none'}
      >
        <noscript>The chart needs JavaScript; the CSV link above has the same series.</noscript>
      </div>
      <p class="legend-nodata" id="chart-nodata" hidden>
        <i /> no data: the archive holds no articles at all in these periods (not the same as zero)
      </p>
      <link rel="stylesheet" href="/static/uplot/uPlot.min.css" />
      <script src="/static/uplot/uPlot.iife.min.js" defer />
      <script src="/static/search-chart.js" defer />
    </section>
  );
}

/**
 * The chart: one timeline request per query, drawn with uPlot as counts or shares. Its state (queries,
 * interval, mode, one per story) is read from the page, which took it from the URL; changing the
 * interval or mode redraws and writes the new state back into the URL.
 */
export const SEARCH_CHART_JS = `(function () {
  var el = document.getElementById('chart');
  if (!el || !window.uPlot) return;
  var queries = JSON.parse(el.getAttribute('data-queries') || '[]');
  if (!queries.length) return;
  var collapse = el.getAttribute('data-collapse') === 'story';
  var unit = collapse ? 'stories' : 'articles';
  var COLORS = ['#8a1c1c', '#1a4d8f', '#2e7d32', '#b26a00', '#6a1b9a'];
  // Half a period in seconds: the room either side of a chart with one period only.
  var HALF = { year: 183 * 86400, month: 15 * 86400, week: 3.5 * 86400, day: 43200 };
  // Time ticks no finer than the interval (a yearly chart is labelled by years, never by months).
  var D = 86400, MO = 30 * D, Y = 365 * D;
  var YEARS = [Y, 2 * Y, 5 * Y, 10 * Y, 25 * Y, 50 * Y, 100 * Y];
  var X_STEPS = { year: YEARS, month: [MO, 2 * MO, 3 * MO, 4 * MO, 6 * MO].concat(YEARS), week: [7 * D, 14 * D, MO, 2 * MO, 3 * MO, 4 * MO, 6 * MO].concat(YEARS) };
  var INTEGER_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000, 100000, 200000, 500000, 1000000];
  var intervalEl = document.querySelector('select[name=interval]');
  var csv = document.getElementById('chart-csv');
  var legend = document.getElementById('chart-nodata');
  var plot = null, cache = {};
  function mode() { var m = document.querySelector('input[name=mode]:checked'); return m ? m.value : el.getAttribute('data-mode') || 'count'; }
  function interval() { return intervalEl ? intervalEl.value : el.getAttribute('data-interval') || 'year'; }
  function ts(p) { var a = p.split('-'); return Date.UTC(+a[0], a[1] ? a[1] - 1 : 0, a[2] ? +a[2] : 1) / 1000; }
  function load(iv) {
    if (cache[iv]) return Promise.resolve(cache[iv]);
    return Promise.all(queries.map(function (q) {
      return fetch('/api/timeline?interval=' + iv + '&q=' + encodeURIComponent(q) + (collapse ? '&collapse=story' : '')).then(function (r) { return r.json(); });
    })).then(function (res) { cache[iv] = res; return res; });
  }
  function syncUrl(iv, m) {
    var u = new URL(location.href);
    u.searchParams.set('interval', iv);
    u.searchParams.set('mode', m);
    history.replaceState(null, '', u.toString());
  }
  // Periods the archive holds nothing of are hatched: no data, not zero.
  function hatch(covered) {
    return function (u) {
      var ctx = u.ctx, xs = u.data[0], top = u.bbox.top, h = u.bbox.height;
      ctx.save();
      ctx.beginPath();
      ctx.rect(u.bbox.left, top, u.bbox.width, h);
      ctx.clip();
      ctx.strokeStyle = '#cfccc3';
      ctx.lineWidth = 1;
      for (var i = 0; i < xs.length; i++) {
        if (covered[i]) continue;
        var a = u.valToPos(i > 0 ? (xs[i - 1] + xs[i]) / 2 : xs[i], 'x', true);
        var b = u.valToPos(i < xs.length - 1 ? (xs[i] + xs[i + 1]) / 2 : xs[i], 'x', true);
        if (b - a < 2) { a -= 1; b += 1; }
        ctx.save();
        ctx.beginPath();
        ctx.rect(a, top, b - a, h);
        ctx.clip();
        ctx.fillStyle = 'rgba(200,196,186,0.25)';
        ctx.fillRect(a, top, b - a, h);
        for (var x = a - h; x < b; x += 7) { ctx.beginPath(); ctx.moveTo(x, top + h); ctx.lineTo(x + h, top); ctx.stroke(); }
        ctx.restore();
      }
      ctx.restore();
    };
  }
  function draw() {
    var iv = interval(), m = mode(), share = m === 'share';
    var params = new URLSearchParams();
    queries.forEach(function (q) { params.append('q', q); });
    params.set('interval', iv);
    if (share) params.set('mode', 'share');
    if (collapse) params.set('collapse', 'story');
    csv.href = '/api/timeline.csv?' + params.toString();
    load(iv).then(function (res) {
      if (res.some(function (r) { return !r.buckets; })) { el.textContent = (res.find(function (r) { return r.message; }) || {}).message || 'no data'; return; }
      var b0 = res[0].buckets;
      // The axis starts at the first period in which any query has a match.
      var start = b0.length;
      res.forEach(function (r) { for (var i = 0; i < r.buckets.length && i < start; i++) if (r.buckets[i].count > 0) { start = i; break; } });
      if (start >= b0.length) start = 0;
      var buckets = b0.slice(start);
      var covered = buckets.map(function (b) { return b.covered !== false; });
      var data = [buckets.map(function (b) { return ts(b.period); })];
      res.forEach(function (r) {
        data.push(r.buckets.slice(start).map(function (b, i) { return !covered[i] ? null : share ? (b.total ? (100 * b.count) / b.total : 0) : b.count; }));
      });
      var gaps = covered.some(function (c) { return !c; });
      if (legend) legend.hidden = !gaps;
      var yAxis = { label: share ? '% of ' + unit : unit, size: 60 };
      if (!share) { yAxis.incrs = INTEGER_STEPS; yAxis.values = function (u, vals) { return vals.map(function (v) { return v.toLocaleString('en-GB'); }); }; }
      var opts = {
        width: Math.max(280, el.clientWidth), height: 240,
        scales: { x: { time: true, range: function (u, lo, hi) { return data[0].length === 1 ? [data[0][0] - HALF[iv], data[0][0] + HALF[iv]] : [lo, hi]; } }, y: { range: function (u, lo, hi) { return [0, share ? Math.max(hi * 1.1, 0.01) : Math.max(1, Math.ceil(hi * 1.1))]; } } },
        axes: [X_STEPS[iv] ? { incrs: X_STEPS[iv] } : {}, yAxis],
        hooks: { drawClear: [hatch(covered)] },
        series: [{}].concat(queries.map(function (q, i) {
          return { label: q, stroke: COLORS[i], width: 2, points: { show: data[0].length <= 60 }, value: function (u, v, si, di) { return di != null && !covered[di] ? 'no data' : v == null ? '–' : share ? v.toFixed(2) + '%' : v; } };
        })),
      };
      if (plot) plot.destroy();
      el.textContent = '';
      plot = new uPlot(opts, data, el);
    });
  }
  if (intervalEl) intervalEl.addEventListener('change', function () { syncUrl(interval(), mode()); draw(); });
  document.querySelectorAll('input[name=mode]').forEach(function (r) { r.addEventListener('change', function () { syncUrl(interval(), mode()); draw(); }); });
  window.addEventListener('resize', function () { if (plot) plot.setSize({ width: Math.max(280, el.clientWidth), height: 240 }); });
  draw();
})();
`;

/** Where a version removed or added the searched text (`removed:`, `added:`), linked to that comparison. */
function ChangeLine(props: { id: number; change: ChangeSnippet }) {
  const c = props.change;
  return (
    <p class="chg" dir="auto">
      <a lang="en" href={`/articles/${props.id}/versions?from=${c.version - 1}&to=${c.version}`}>
        version {c.version}, {c.seenAt.slice(0, 10)}
      </a>{' '}
      <span dangerouslySetInnerHTML={{ __html: c.before }} />
      {c.removed ? <del dangerouslySetInnerHTML={{ __html: c.removed }} /> : null}
      {c.added ? <ins dangerouslySetInnerHTML={{ __html: c.added }} /> : null}
      <span dangerouslySetInnerHTML={{ __html: c.after }} />
    </p>
  );
}
