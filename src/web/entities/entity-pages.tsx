import type { Entity } from '../../entities/gazetteer.js';
import type { TrackedEvent } from '../../tracker/events.js';
import { number } from '../format.js';
import { Layout } from '../layout.js';
import type { Absence } from './tracker-stats.js';

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

export function CandidatesPage(props: { candidates: { name: string; articles: number; firstArticle: number; lastArticle: number; context: string }[]; accepted?: string }) {
  return (
    <Layout title="Names awaiting review">
      <h1>Names awaiting review</h1>
      <p class="meta">
        Korean-name-shaped strings written after a title or in a list of officials that the gazetteer does not know, most frequent first.
        Accepting one adds it to this archive's gazetteer and finds it in every stored article.
      </p>
      {props.accepted ? (
        <p>
          Added <a href={`/entities/${props.accepted}`}>{props.accepted}</a>.
        </p>
      ) : null}
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
                <strong>{c.name}</strong>
                <br />
                <small>…{c.context}…</small>
              </td>
              <td class="n">{number(c.articles)}</td>
              <td>
                <a href={`/articles/${c.firstArticle}`}>first</a> · <a href={`/articles/${c.lastArticle}`}>latest</a>
              </td>
              <td>
                <form method="post" action="/entities/candidates">
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
    </Layout>
  );
}

/** Articles per year as SVG bars (no script needed), with the numbers in a table beside. */
function MentionsChart(props: { monthly: { month: string; articles: number }[] }) {
  const perYear = new Map<string, number>();
  for (const m of props.monthly) perYear.set(m.month.slice(0, 4), (perYear.get(m.month.slice(0, 4)) ?? 0) + m.articles);
  const years = [...perYear].sort();
  if (years.length === 0) return <p>No articles mention it yet.</p>;
  const first = Number(years[0][0]);
  const last = Number(years.at(-1)![0]);
  const all = Array.from({ length: last - first + 1 }, (_, i) => [String(first + i), perYear.get(String(first + i)) ?? 0] as const);
  const max = Math.max(...all.map((y) => y[1]));
  const w = 720;
  const h = 160;
  const bw = w / all.length;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${w} ${h + 18}`} width="100%" role="img" aria-label="Articles mentioning it per year">
        {all.map(([y, n], i) => {
          const bh = max ? (n / max) * h : 0;
          return (
            <g>
              <rect x={i * bw + 1} y={h - bh} width={Math.max(1, bw - 2)} height={bh} fill="#3a6ea5">
                <title>{`${y}: ${n} articles`}</title>
              </rect>
              {all.length <= 30 || i % 2 === 0 ? (
                <text x={i * bw + bw / 2} y={h + 14} font-size="10" text-anchor="middle">
                  {all.length > 12 ? `’${y.slice(2)}` : y}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <details>
        <summary>Articles per year (table)</summary>
        <table>
          <tbody>
            {all.map(([y, n]) => (
              <tr>
                <td>{y}</td>
                <td class="n">{number(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** One year as a grid of days (weeks across, weekdays down); days with a reported appearance filled. */
function Calendar(props: { year: number; events: TrackedEvent[] }) {
  const days = new Map<string, TrackedEvent[]>();
  for (const e of props.events) days.set(e.day, [...(days.get(e.day) ?? []), e]);
  const start = Date.UTC(props.year, 0, 1);
  const offset = new Date(start).getUTCDay();
  const cells = [];
  for (let t = start; new Date(t).getUTCFullYear() === props.year; t += 86_400_000) {
    const i = Math.round((t - start) / 86_400_000) + offset;
    const ymd = new Date(t).toISOString().slice(0, 10);
    const list = days.get(ymd);
    cells.push(
      <rect x={Math.floor(i / 7) * 13} y={(i % 7) * 13} width="11" height="11" fill={list ? '#b3261e' : '#e8e8e8'}>
        <title>{list ? `${ymd}: ${list.map((e) => e.kind).join(', ')}` : ymd}</title>
      </rect>,
    );
  }
  return (
    <svg viewBox="0 0 700 92" width="100%" role="img" aria-label={`Reported appearances in ${props.year}`}>
      {cells}
    </svg>
  );
}

export interface TrackerView {
  events: TrackedEvent[];
  year: number | null;
  years: { year: number; count: number }[];
  last: string | null;
  daysSince: number | null;
  newest: string | null;
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
          <strong>{t.daysSince}</strong> {t.daysSince === 1 ? 'day' : 'days'} since the last reported appearance ({t.last}
          {t.newest ? `, counted to the newest article, ${t.newest}` : ''}).
        </p>
      ) : (
        <p>No reported appearances.</p>
      )}
      <h3>Per year</h3>
      <p>
        {t.years.map((y) => (
          <>
            <a href={`?year=${y.year}#calendar`}>{y.year}</a>: {y.count}{' '}
          </>
        ))}{' '}
        · <a href={`/api/tracker/appearances/yearly?person=${props.id}`}>JSON</a>
      </p>
      {t.year ? (
        <div id="calendar">
          <h3>
            {t.year}: {t.events.length} appearances · <a href={`/api/tracker/appearances?person=${props.id}&year=${t.year}`}>JSON</a>
          </h3>
          <Calendar year={t.year} events={t.events} />
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
          <ol>
            {t.absences.map((a) => (
              <li>
                {a.days} days: {a.from} → {a.to}
              </li>
            ))}
          </ol>
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

export function EntityPage(props: {
  entity: Entity;
  summary: { articles: number; mentions: number; firstSeen: string | null; lastSeen: string | null; firstArticle: number | null; lastArticle: number | null };
  monthly: { month: string; articles: number }[];
  co: { id: string; name: string; articles: number }[];
  tracker: TrackerView | null;
}) {
  const e = props.entity;
  const s = props.summary;
  const other = [...e.aliases, ...e.hangul];
  return (
    <Layout title={e.name}>
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
      <MentionsChart monthly={props.monthly} />
      {props.tracker ? <Tracker id={e.id} t={props.tracker} /> : null}
      <h2>Named with</h2>
      <ol class="columns">
        {props.co.map((c) => (
          <li>
            <a href={`/entities/${c.id}`}>{c.name}</a> ({number(c.articles)})
          </li>
        ))}
      </ol>
    </Layout>
  );
}
