import type { ArticleSummary } from '../../store/store.js';
import { Count } from '../counts.js';
import { dayHref, LANG_NAME, longDate } from '../format.js';
import { Layout } from '../layout.js';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** One source's articles of the day. */
export interface DaySource {
  slug: string;
  name: string;
  items: ArticleSummary[];
}

export interface DayPageProps {
  day: string;
  sources: DaySource[];
  previous: string | null;
  next: string | null;
  /** Articles per day of the day's month (days with articles only). */
  month: { day: string; count: number }[];
  /** The nearest days with articles before and after the day's month. */
  monthBefore: string | null;
  monthAfter: string | null;
}

/** `2021-04-09` → `Friday, 9 April 2021`. */
function dayTitle(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}, ${longDate(day)}`;
}

function monthName(day: string): string {
  return `${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;
}

/** Every source's articles of one day, with the days around it and the month's calendar. */
export function DayPage(props: DayPageProps) {
  const total = props.sources.reduce((n, s) => n + s.items.length, 0);
  return (
    <Layout title={longDate(props.day)}>
      <div class="grid">
        <section>
          <p class="meta">
            <span>Articles of the day</span>
            <span>
              <a href={dayHref(props.day)}>Permalink</a>
            </span>
            <span>
              <a href={`/api/days/${props.day}`}>JSON</a>
            </span>
          </p>
          <h1>
            <time datetime={props.day}>{dayTitle(props.day)}</time>
          </h1>
          <p class="meta">
            {total > 0 ? (
              <>
                <span>
                  <Count n={total} means="articles" />
                </span>
                <span>
                  {props.sources.length} {props.sources.length === 1 ? 'source' : 'sources'}
                </span>
              </>
            ) : (
              <span>dates are the day of publication at the source (Pyongyang time)</span>
            )}
          </p>
          <DayNav previous={props.previous} next={props.next} label="days with articles" />
          {total === 0 ? (
            <p class="lede">No article in this archive is dated {longDate(props.day)}. The nearest days with articles are linked above.</p>
          ) : (
            props.sources.map((s) => (
              <section class="day-source" id={`source-${s.slug}`}>
                <h2>
                  <a href={`/sources/${s.slug}`}>{s.name}</a>
                  <Count n={s.items.length} means="articles" />
                </h2>
                <ul class="list">
                  {s.items.map((a) => (
                    <li lang={a.lang}>
                      <a href={`/articles/${a.id}`} dir="auto">{a.title}</a>
                      {a.status === 'removed' ? <span class="badge warn">removed</span> : null}
                      <span class="d" lang="en">
                        {LANG_NAME[a.lang] ?? a.lang} · #{a.id}
                      </span>
                    </li>
                  ))}
                </ul>
              </section>
            ))
          )}
          {total > 0 ? <DayNav previous={props.previous} next={props.next} label="days with articles, again" /> : null}
        </section>
        <aside>
          <h2>{monthName(props.day)}</h2>
          <MonthCalendar day={props.day} counts={props.month} before={props.monthBefore} after={props.monthAfter} />
        </aside>
      </div>
    </Layout>
  );
}

function DayNav(props: { previous: string | null; next: string | null; label: string }) {
  return (
    <nav class="daynav" aria-label={props.label}>
      {props.previous ? (
        <a href={dayHref(props.previous)} rel="prev">
          <small>← Previous day with articles</small>
          {longDate(props.previous)}
        </a>
      ) : (
        <span class="none">No earlier articles</span>
      )}
      {props.next ? (
        <a class="next" href={dayHref(props.next)} rel="next">
          <small>Next day with articles →</small>
          {longDate(props.next)}
        </a>
      ) : (
        <span class="next none">No later articles</span>
      )}
    </nav>
  );
}

/** The day's month, Monday first: each day with articles linked, with its count; the day itself outlined. */
export function MonthCalendar(props: { day: string; counts: { day: string; count: number }[]; before: string | null; after: string | null }) {
  const y = Number(props.day.slice(0, 4));
  const m = Number(props.day.slice(5, 7));
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7;
  const counts = new Map(props.counts.map((c) => [c.day, c.count]));
  const cells: (number | null)[] = [...Array<null>(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  const prefix = props.day.slice(0, 8);
  return (
    <table class="month">
      <caption>
        Days with articles
        <nav aria-label="months">
          {props.before ? <a href={dayHref(props.before)}>← {monthName(props.before)}</a> : <span />}
          {props.after ? <a href={dayHref(props.after)}>{monthName(props.after)} →</a> : <span />}
        </nav>
      </caption>
      <thead>
        <tr>
          {['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => (
            <th scope="col">{d}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr>
            {week.map((d) => {
              if (d === null) return <td class="empty" />;
              const ymd = `${prefix}${String(d).padStart(2, '0')}`;
              const n = counts.get(ymd) ?? 0;
              const current = ymd === props.day;
              return (
                <td class={current ? 'current' : undefined}>
                  {n > 0 ? (
                    <a href={dayHref(ymd)} title={`${longDate(ymd)}: ${n} ${n === 1 ? 'article' : 'articles'}`} aria-current={current ? 'date' : undefined}>
                      {d}
                      <small>{n}</small>
                    </a>
                  ) : (
                    <span aria-current={current ? 'date' : undefined}>{d}</span>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The answer to `/days/<not a date>`: what was wrong and what a day's address looks like. */
export function BadDayPage(props: { message: string }) {
  return (
    <Layout title="Not a date">
      <h1>Not a date</h1>
      <p class="lede">{props.message}</p>
      <p>
        A day's page is <code>/days/YYYY-MM-DD</code>, for example <a href="/days/2013-12-13">/days/2013-12-13</a> for 13 December 2013. Every date shown
        on an article or a list links to its day.
      </p>
      <p>
        <a href="/">Back to the latest articles</a>
      </p>
    </Layout>
  );
}
