import type { Entity } from '../../entities/gazetteer.js';
import { LEVEL } from '../../store/accounts.js';
import { CsrfField, currentAuth } from '../session-ui.js';
import { coveredPerYear, isCovered, MAX_HOLE, type Absence, type Coverage } from '../../tracker/coverage.js';
import type { TrackedEvent } from '../../tracker/events.js';
import { number } from '../format.js';
import { Layout } from '../layout.js';

/** The hatching that marks days and years the archive holds no articles for: no data, not zero. */
function NoDataPattern(props: { id: string }) {
  return (
    <defs>
      <pattern id={props.id} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#f3f3f3" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="2" />
      </pattern>
    </defs>
  );
}

/** A legend row drawn inside a chart: colour or pattern, then words. */
function Legend(props: { y: number; items: { fill: string; label: string }[] }) {
  let x = 0;
  return (
    <g font-size="11">
      {props.items.map((it) => {
        const at = x;
        x += 24 + it.label.length * 6.2;
        return (
          <g>
            <rect x={at} y={props.y} width="14" height="11" fill={it.fill} stroke="#888" stroke-width="0.5" />
            <text x={at + 18} y={props.y + 10}>
              {it.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}

const KIND_LABEL: Record<string, string> = { person: 'Person', organization: 'Organization', place: 'Place' };

export function EntitiesPage(props: { q: string; rows: { entity: Entity; articles: number }[] }) {
  return (
    <Layout title="People, organizations, places">
      <h1>People, organizations, places</h1>
      <form method="get" action="/entities" class="meta">
        <label>
          Find <input type="search" name="q" value={props.q} placeholder="Kim Jong Un, 최룡해, Jagang…" />
        </label>{' '}
        <button type="submit">Find</button> · <a href="/entities/candidates">Names awaiting review</a> ·{' '}
        <a href={`/api/entities?q=${encodeURIComponent(props.q)}`}>JSON</a>
      </form>
      <table class="counts">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Articles</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>
                <a href={`/entities/${r.entity.id}`}>{r.entity.name}</a> {r.entity.hangul[0] ? <span lang="ko">{r.entity.hangul[0]}</span> : null}
              </td>
              <td>{KIND_LABEL[r.entity.kind]}</td>
              <td class="n">{number(r.articles)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

/** What the last review step did, said once on the page it led back to. */
export interface ReviewNotice {
  accepted?: string;
  removed?: string;
  restored?: string;
}

function ReviewNoticeText(props: { notice: ReviewNotice }) {
  const n = props.notice;
  if (n.accepted)
    return (
      <p class="notice" role="status">
        Added <a href={`/entities/${n.accepted}`}>{n.accepted}</a>.
      </p>
    );
  if (n.removed)
    return (
      <p class="notice" role="status">
        Removed <bdi>{n.removed}</bdi> from the gazetteer, with its mentions: it waits for review again.
      </p>
    );
  if (n.restored)
    return (
      <p class="notice" role="status">
        <bdi>{n.restored}</bdi> waits for review again.
      </p>
    );
  return null;
}

export function CandidatesPage(props: {
  candidates: { name: string; articles: number; firstArticle: number; lastArticle: number; context: string }[];
  rejected: { name: string; articles: number; context: string }[];
  notice: ReviewNotice;
}) {
  return (
    <Layout title="Names awaiting review">
      <h1>Names awaiting review</h1>
      <p class="meta">
        Korean-name-shaped strings written after a title or in a list of officials that the gazetteer does not know, most frequent first.
        Accepting one adds it to this archive's gazetteer and finds it in every stored article.
      </p>
      <ReviewNoticeText notice={props.notice} />
      <table class="counts">
        <thead>
          <tr>
            <th>Name</th>
            <th>Articles</th>
            <th>Seen in</th>
            <th>Review</th>
          </tr>
        </thead>
        <tbody>
          {props.candidates.map((c) => (
            <tr>
              <td>
                <strong dir="auto">{c.name}</strong>
                <br />
                <small>
                  …<bdi>{c.context}</bdi>…
                </small>
              </td>
              <td class="n">{number(c.articles)}</td>
              <td>
                <a href={`/articles/${c.firstArticle}`}>first</a> · <a href={`/articles/${c.lastArticle}`}>latest</a>
              </td>
              <td>
                <form method="post" action="/entities/candidates">
                  <CsrfField />
                  <input type="hidden" name="name" value={c.name} />
                  <button type="submit" name="action" value="accept">
                    Accept
                  </button>{' '}
                  <button type="submit" name="action" value="reject">
                    Reject
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.rejected.length ? <RejectedNames rejected={props.rejected} /> : null}
    </Layout>
  );
}

/** Names rejected in review, each with a form that puts it back on the list (a list, not table rows: it is not the review). */
function RejectedNames(props: { rejected: { name: string; articles: number; context: string }[] }) {
  return (
    <section aria-labelledby="rejected-names">
      <h2 id="rejected-names">Rejected names</h2>
      <ul class="list rejected">
        {props.rejected.map((r) => (
          <li>
            <form method="post" action="/entities/candidates">
              <CsrfField />
              <input type="hidden" name="name" value={r.name} />
              <strong dir="auto">{r.name}</strong> <span class="d">{number(r.articles)} articles · …<bdi>{r.context}</bdi>…</span>
              <button type="submit" name="action" value="restore">
                Undo
              </button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Articles per year as SVG bars (no script needed), with the numbers in a table beside. A year the archive
 * holds no articles for is drawn hatched as *no data*, never as 0.
 */
function MentionsChart(props: { monthly: { month: string; articles: number }[]; coverage: Coverage }) {
  const perYear = new Map<string, number>();
  for (const m of props.monthly) perYear.set(m.month.slice(0, 4), (perYear.get(m.month.slice(0, 4)) ?? 0) + m.articles);
  const years = [...perYear].sort();
  if (years.length === 0) return <p>No articles mention it yet.</p>;
  const cover = new Map(coveredPerYear(props.coverage).map((y) => [String(y.year), y]));
  const first = Number(years[0][0]);
  const last = Number(years.at(-1)![0]);
  const all = Array.from({ length: last - first + 1 }, (_, i) => {
    const y = String(first + i);
    const c = cover.get(y);
    return { y, n: perYear.get(y) ?? 0, covered: c?.coveredDays ?? 0, days: c?.days ?? 365 };
  });
  const max = Math.max(...all.map((y) => y.n));
  const w = 720;
  const h = 160;
  const bw = w / all.length;
  const gaps = all.some((y) => y.covered === 0 && y.n === 0);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${w} ${h + 40}`} width="100%" role="img" aria-label="Articles mentioning it per year; hatched years: no data in the archive">
        <NoDataPattern id="nodata-mentions" />
        {all.map((x, i) => {
          const noData = x.covered === 0 && x.n === 0;
          const bh = noData ? h : max ? (x.n / max) * h : 0;
          const note = x.covered < x.days && !noData ? ` (the archive covers ${x.covered} of its ${x.days} days)` : '';
          return (
            <g>
              <rect x={i * bw + 1} y={h - bh} width={Math.max(1, bw - 2)} height={bh} fill={noData ? 'url(#nodata-mentions)' : '#3a6ea5'}>
                <title>{noData ? `${x.y}: no data (the archive holds no articles of this year)` : `${x.y}: ${x.n} articles${note}`}</title>
              </rect>
              {all.length <= 30 || i % 2 === 0 ? (
                <text x={i * bw + bw / 2} y={h + 14} font-size="10" text-anchor="middle">
                  {all.length > 12 ? `’${x.y.slice(2)}` : x.y}
                </text>
              ) : null}
            </g>
          );
        })}
        <Legend y={h + 24} items={[{ fill: '#3a6ea5', label: 'articles' }, ...(gaps ? [{ fill: 'url(#nodata-mentions)', label: 'no data: the archive holds no articles of that year' }] : [])]} />
      </svg>
      <details>
        <summary>Articles per year (table)</summary>
        <table>
          <thead>
            <tr>
              <th>Year</th>
              <th>Articles</th>
              <th>Days the archive covers</th>
            </tr>
          </thead>
          <tbody>
            {all.map((x) => (
              <tr>
                <td>{x.y}</td>
                <td class="n">{x.covered === 0 && x.n === 0 ? 'no data' : number(x.n)}</td>
                <td class="n">
                  {x.covered} of {x.days}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/**
 * One year as a grid of days (weeks across, weekdays down): days with a reported appearance filled, days
 * the archive covers without one light, days without data hatched.
 */
function Calendar(props: { year: number; events: TrackedEvent[]; coverage: Coverage }) {
  const days = new Map<string, TrackedEvent[]>();
  for (const e of props.events) days.set(e.day, [...(days.get(e.day) ?? []), e]);
  const start = Date.UTC(props.year, 0, 1);
  const offset = new Date(start).getUTCDay();
  const cells = [];
  for (let t = start; new Date(t).getUTCFullYear() === props.year; t += 86_400_000) {
    const i = Math.round((t - start) / 86_400_000) + offset;
    const ymd = new Date(t).toISOString().slice(0, 10);
    const list = days.get(ymd);
    const covered = isCovered(props.coverage, ymd);
    const fill = list ? '#b3261e' : covered ? '#e2e2e2' : 'url(#nodata-calendar)';
    const what = list ? `${ymd}: ${list.map((e) => e.kind).join(', ')}` : covered ? `${ymd}: no reported appearance` : `${ymd}: no data (the archive holds no reports of this day)`;
    cells.push(
      <rect x={Math.floor(i / 7) * 13} y={(i % 7) * 13} width="11" height="11" fill={fill}>
        <title>{what}</title>
      </rect>,
    );
  }
  return (
    <svg viewBox="0 0 700 112" width="100%" role="img" aria-label={`Reported appearances in ${props.year}; hatched days: no data in the archive`}>
      <NoDataPattern id="nodata-calendar" />
      {cells}
      <Legend
        y={97}
        items={[
          { fill: '#b3261e', label: 'reported appearance' },
          { fill: '#e2e2e2', label: 'covered, none reported' },
          { fill: 'url(#nodata-calendar)', label: 'no data' },
        ]}
      />
    </svg>
  );
}

export interface TrackerView {
  events: TrackedEvent[];
  year: number | null;
  years: { year: number; count: number; coveredDays: number; days: number }[];
  last: string | null;
  daysSince: number | null;
  /** How many of `daysSince` the archive covers. */
  coveredSince: number | null;
  /** The newest day the archive covers (the days since are counted to it). */
  newest: string | null;
  coverage: Coverage;
  absences: Absence[];
  companions: { year: number; people: { id: string | null; name: string; count: number }[] }[];
  places: Record<string, string>;
}

function Tracker(props: { id: string; t: TrackerView }) {
  const t = props.t;
  return (
    <section>
      <h2>Public appearances</h2>
      <p class="meta">
        Read from reports of the leader's public activities (inspections, visits, performances, meetings, attendance); letters, messages
        and anything watched on television do not count, and one event counts once however many reports tell it.
      </p>
      {t.last ? (
        <p class="big">
          <strong>{t.daysSince}</strong> {t.daysSince === 1 ? 'day' : 'days'} since the last reported appearance ({t.last}),{' '}
          <strong>{t.coveredSince}</strong> of them covered by the archive
          {t.newest ? ` (counted to ${t.newest}, the newest day the archive covers)` : ''}.
          {t.daysSince !== null && t.coveredSince !== null && t.coveredSince < t.daysSince ? ' On the other days the archive holds no reports, so nothing can be said of them.' : ''}
        </p>
      ) : (
        <p>No reported appearances.</p>
      )}
      <p class="meta">
        Coverage: a day counts as covered when one of the outlets the appearances are read from holds at least a quarter of its usual
        daily number of articles, or a reported appearance (up to {MAX_HOLE} thinner days between covered days count too); a longer run is
        a gap, shown as <em>no data</em> and never counted as an absence. Absences are read from the first reported appearance on (and up to
        his death), never over the years before it.
      </p>
      <h3>Per year</h3>
      <p>
        {t.years.map((y) => (
          <>
            <a href={`?year=${y.year}#calendar`}>{y.year}</a>:{' '}
            {y.coveredDays === 0 ? (
              <em>no data</em>
            ) : (
              <>
                {y.count}
                {y.coveredDays < y.days ? <small> ({y.coveredDays} of {y.days} days covered)</small> : null}
              </>
            )}{' '}
          </>
        ))}{' '}
        · <a href={`/api/tracker/appearances/yearly?person=${props.id}`}>JSON</a>
      </p>
      {t.year ? (
        <div id="calendar">
          <h3>
            {t.year}: {t.events.length} appearances · <a href={`/api/tracker/appearances?person=${props.id}&year=${t.year}`}>JSON</a>
          </h3>
          <Calendar year={t.year} events={t.events} coverage={t.coverage} />
          <details>
            <summary>Every appearance in {t.year}</summary>
            <table class="counts">
              <thead>
                <tr>
                  <th>Date</th>
                  <th>What</th>
                  <th>Where</th>
                  <th>With</th>
                </tr>
              </thead>
              <tbody>
                {t.events.map((e) => (
                  <tr>
                    <td>
                      <a href={`/articles/${e.articleId}`}>{e.day}</a>
                      {e.date ? '' : ' (report)'}
                    </td>
                    <td>{e.kind}</td>
                    <td>{e.place ? <a href={`/entities/${e.place}`}>{t.places[e.place] ?? e.place}</a> : ''}</td>
                    <td>{e.companions.slice(0, 6).map((c) => c.name).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </div>
      ) : null}
      <div class="grid">
        <div>
          <h3>Longest absences</h3>
          <p class="meta">Covered days without a reported appearance; a stretch ends where the archive's data ends.</p>
          <ol>
            {t.absences.map((a) => (
              <li>
                {a.coveredDays} covered {a.coveredDays === 1 ? 'day' : 'days'}: {a.from} → {a.to}
                {a.start === 'gap' ? ' (no data before it)' : ''}
                {a.end === 'gap' ? ' (no data after it: it may have lasted longer)' : a.end === 'now' ? ' (to the newest covered day)' : ''}
              </li>
            ))}
          </ol>
          {t.coverage.gaps.length ? (
            <>
              <h3>Gaps in the archive</h3>
              <ol>
                {[...t.coverage.gaps]
                  .sort((a, b) => b.days - a.days)
                  .slice(0, 5)
                  .map((g) => (
                    <li>
                      no data: {g.from} → {g.to} ({number(g.days)} days)
                    </li>
                  ))}
              </ol>
            </>
          ) : null}
        </div>
        <div>
          <h3>Top companions per year</h3>
          <table class="counts">
            <tbody>
              {t.companions.slice(-8).map((y) => (
                <tr>
                  <td>{y.year}</td>
                  <td>
                    {y.people.map((p, i) => (
                      <>
                        {i ? ', ' : ''}
                        {p.id ? <a href={`/entities/${p.id}`}>{p.name}</a> : p.name} ({p.count})
                      </>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

/** A name this archive's editors added: said so, and for an editor the form that undoes it. */
function AddedInReview(props: { id: string }) {
  const mayEdit = (currentAuth()?.level ?? 0) >= LEVEL.editor;
  return (
    <section aria-labelledby="added-in-review">
      <h2 id="added-in-review">Added in review</h2>
      <p>This name was accepted from the names awaiting review into this archive's gazetteer.</p>
      {mayEdit ? (
        <form method="post" action={`/entities/${props.id}/remove`}>
          <CsrfField />
          <button type="submit">Remove from the gazetteer</button> <span class="meta">its mentions go too, and it waits for review again</span>
        </form>
      ) : null}
    </section>
  );
}

export function EntityPage(props: {
  entity: Entity;
  summary: { articles: number; mentions: number; firstSeen: string | null; lastSeen: string | null; firstArticle: number | null; lastArticle: number | null };
  monthly: { month: string; articles: number }[];
  co: { id: string; name: string; articles: number }[];
  tracker: TrackerView | null;
  /** What the archive covers, over every source. */
  coverage: Coverage;
  /** Accepted in review into this archive's gazetteer (not shipped with it): an editor may take it out again. */
  added?: boolean;
}) {
  const e = props.entity;
  const s = props.summary;
  const other = [...e.aliases, ...e.hangul];
  return (
    <Layout title={e.name} feed={{ title: `Articles mentioning ${e.name}`, path: `/feeds/entities/${e.id}` }}>
      <h1>
        {e.name} {e.hangul[0] ? <span lang="ko">{e.hangul[0]}</span> : null}
      </h1>
      <p class="meta">
        <span>{KIND_LABEL[e.kind]}</span>
        {e.country ? <span>{e.country}</span> : null}
        <span>{number(s.articles)} articles</span>
        <span>{number(s.mentions)} mentions</span>
        <span>
          <a href={`/search?q=${encodeURIComponent(`entity:${e.id}`)}`}>search</a>
        </span>
        <span>
          <a href={`/api/entities/${e.id}`}>JSON</a>
        </span>
      </p>
      {other.length ? <p>Also written: {other.join(' · ')}</p> : null}
      <p>
        First seen: {s.firstSeen ? <a href={`/articles/${s.firstArticle}`}>{s.firstSeen}</a> : '—'} · Last seen:{' '}
        {s.lastSeen ? <a href={`/articles/${s.lastArticle}`}>{s.lastSeen}</a> : '—'}
      </p>
      {e.roles?.length ? (
        <ul>
          {e.roles.map((r) => (
            <li>
              {r.title}
              {r.from || r.to ? ` (${r.from ?? '…'} – ${r.to ?? ''})` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      <h2>Mentions over time</h2>
      <MentionsChart monthly={props.monthly} coverage={props.coverage} />
      {props.tracker ? <Tracker id={e.id} t={props.tracker} /> : null}
      <h2>Named with</h2>
      <ol class="columns">
        {props.co.map((c) => (
          <li>
            <a href={`/entities/${c.id}`}>{c.name}</a> ({number(c.articles)})
          </li>
        ))}
      </ol>
      {props.added ? <AddedInReview id={e.id} /> : null}
    </Layout>
  );
}
