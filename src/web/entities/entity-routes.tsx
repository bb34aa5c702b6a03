import { Hono } from 'hono';
import { entitiesOf } from '../../entities/attach.js';
import { foldPattern } from '../../entities/fold.js';
import type { Entity } from '../../entities/gazetteer.js';
import type { EntityFigures, EntityIndex } from '../../entities/entity-index.js';
import type { Store } from '../../store/store.js';
import { absences, clipCoverage, coverageFromDays, coveredDays, coveredPerYear, MAX_HOLE, MIN_SHARE, sinceLast, type Coverage } from '../../tracker/coverage.js';
import type { TrackedEvent } from '../../tracker/events.js';
import { NotFoundPage } from '../pages/not-found.js';
import { CandidatesPage, EntitiesPage, EntityPage } from './entity-pages.js';
import { undoReviewApi, undoReviewPages } from './undo-routes.js';
import { decodeCursor, encodeCursor, linkNext, pageOfList } from '../api/cursor.js';
import { queryOf } from '../api/query.js';
import { AppearancesQuery, EntitiesQuery, PAGE_SIZES, YearlyAppearancesQuery } from '../openapi/api-queries.js';
import { topCompanions, yearlyCovered } from './tracker-stats.js';

async function searchEntities(index: EntityIndex, q: string, limit = 50): Promise<Entity[]> {
  return (await matchingEntities(index, q)).slice(0, limit);
}

/** Every entity whose name, alias, Hangul form or id contains q (people when q is empty), in the gazetteer's order. */
async function matchingEntities(index: EntityIndex, q: string): Promise<Entity[]> {
  const all = await index.allEntities();
  const needle = foldPattern(q);
  if (!needle) return all.filter((e) => e.kind === 'person');
  return all.filter((e) => [e.name, ...e.aliases, ...e.hangul, e.id].some((f) => foldPattern(f).includes(needle)));
}

/**
 * A page of the entities matching q, in the gazetteer's order (shipped entries first, names accepted
 * here after them, so new names only ever join the end). The cursor holds the last entity's id and
 * place; should that entity have been removed meanwhile, the page starts at its place.
 */
async function entityPage(index: EntityIndex, q: string, cursor: string | undefined, limit: number): Promise<{ items: Entity[]; next: string | null }> {
  const list = { list: 'entities', filter: q };
  const after = decodeCursor(cursor, list, ['s', 'n']);
  const all = await matchingEntities(index, q);
  let start = 0;
  if (after) {
    const at = all.findIndex((e) => e.id === after[0]);
    start = at >= 0 ? at + 1 : Math.min(all.length, after[1] as number);
  }
  const items = all.slice(start, start + limit);
  const last = start + items.length;
  return { items, next: last < all.length && items.length ? encodeCursor(list, [items[items.length - 1].id, last]) : null };
}

function eventJson(e: TrackedEvent) {
  return {
    date: e.day,
    dateGiven: e.date !== null,
    until: e.until,
    articleId: e.articleId,
    kind: e.kind,
    place: e.place,
    companions: e.companions,
    reports: e.reports,
    lang: e.lang,
  };
}

const COVERAGE_RULE = `a day is covered when one of the outlets read holds at least ${MIN_SHARE * 100} % of its own median daily number of articles (at least one) for it, or a reported appearance falls on it; up to ${MAX_HOLE} days below that between covered days are covered too; a longer run is a gap without data; a tracked leader's coverage runs from his first reported appearance to his death`;

function coverageJson(c: Coverage) {
  return { rule: COVERAGE_RULE, first: c.first, last: c.last, gaps: c.gaps, years: coveredPerYear(c) };
}

/** Coverage read from per-day counts, once per result of the (kept) counts and events. */
const archiveCoverage = new WeakMap<object, Coverage>();
const leaderCoverage = new WeakMap<object, WeakMap<object, Map<string, Coverage>>>();

/** The archive's coverage of every source (mention counts) and of the outlets a leader's appearances were read from. */
async function coverages(reads: EntityFigures, e: Entity, events: readonly TrackedEvent[]): Promise<{ archive: Coverage; tracker: Coverage | null }> {
  const days = await reads.articleDays();
  let archive = archiveCoverage.get(days);
  if (!archive) archiveCoverage.set(days, (archive = coverageFromDays(days)));
  return { archive, tracker: e.tracked ? await trackerCoverage(reads, e, events) : null };
}

/**
 * The days on which a leader's appearances could have been read: the outlets his appearances come from,
 * each against its own volume, within his public life (first reported appearance to death).
 */
async function trackerCoverage(reads: EntityFigures, e: Pick<Entity, 'id' | 'died'>, events: readonly TrackedEvent[]): Promise<Coverage> {
  const perDay = await reads.articleDays(e.id);
  let byEvents = leaderCoverage.get(perDay);
  if (!byEvents) leaderCoverage.set(perDay, (byEvents = new WeakMap()));
  let byDeath = byEvents.get(events);
  if (!byDeath) byEvents.set(events, (byDeath = new Map()));
  let found = byDeath.get(e.died ?? '');
  if (!found) {
    const days = events.map((x) => x.day);
    found = clipCoverage(coverageFromDays(perDay, MAX_HOLE, days), days[0] ?? null, e.died ?? null);
    byDeath.set(e.died ?? '', found);
  }
  return found;
}

/** Co-mentioned entities with their names. */
async function named(index: EntityIndex, list: { id: string; articles: number }[]): Promise<{ id: string; name: string; articles: number }[]> {
  return Promise.all(list.map(async (x) => ({ id: x.id, name: (await index.entity(x.id))?.name ?? x.id, articles: x.articles })));
}

function parseYear(s: string | undefined): number | null | undefined {
  if (s === undefined || s === '') return undefined;
  return /^\d{4}$/.test(s) ? Number(s) : null;
}

/** Entity and tracker JSON under /api. */
export function entityApi(store: Store): Hono {
  const api = new Hono();
  const index = () => entitiesOf(store);

  api.get('/entities', async (c) => {
    const query = queryOf(c, EntitiesQuery);
    const { items: found, next } = await entityPage(index(), query.q ?? '', query.cursor, query.limit ?? PAGE_SIZES.entities[0]);
    // A bare array (as it always was): the next page, when there is one, is in the Link header.
    linkNext(c, next);
    const counts = await index().counts(found.map((e) => e.id));
    return c.json(found.map((e) => ({ id: e.id, kind: e.kind, name: e.name, articles: counts.get(e.id)?.articles ?? 0 })));
  });

  api.get('/entities/:id', async (c) => {
    const e = await index().entity(c.req.param('id'));
    if (!e) return c.json({ error: 'not_found', message: `no entity ${c.req.param('id')}` }, 404);
    const reads = index();
    const [s, co, events, monthly] = await Promise.all([reads.summary(e.id), reads.coMentioned(e.id, 10), e.tracked ? reads.events(e.id) : [], reads.monthly(e.id)]);
    const cov = await coverages(reads, e, events);
    let tracker = undefined;
    if (cov.tracker) {
      const last = events.at(-1)?.day ?? null;
      const since = sinceLast(last, cov.tracker);
      tracker = {
        lastAppearance: last,
        daysSinceLastAppearance: since?.days ?? null,
        coveredDaysSinceLastAppearance: since?.coveredDays ?? null,
        countedTo: since?.to ?? null,
        absences: absences(events.map((x) => x.day), cov.tracker, 8),
        coverage: coverageJson(cov.tracker),
      };
    }
    return c.json({
      ...e,
      ...s,
      monthly,
      coMentioned: await named(index(), co),
      coverage: coverageJson(cov.archive),
      ...(tracker ? { tracker } : {}),
    });
  });

  api.get('/tracker/appearances/yearly', async (c) => {
    const { person } = queryOf(c, YearlyAppearancesQuery);
    const events = await index().events(person);
    return c.json(yearlyCovered(events, await trackerCoverage(index(), { id: person, died: (await index().entity(person))?.died }, events)));
  });

  api.get('/tracker/appearances', async (c) => {
    const { person, year, cursor, limit = PAGE_SIZES.appearances[0] } = queryOf(c, AppearancesQuery);
    const reads = index();
    const events = await reads.events(person, year);
    const cov = await trackerCoverage(reads, { id: person, died: (await reads.entity(person))?.died }, year ? await reads.events(person) : events);
    const from = year ? `${year}-01-01` : (cov.first ?? '0000-01-01');
    const to = year ? `${year}-12-31` : (cov.last ?? '0000-01-01');
    const coverage = {
      rule: COVERAGE_RULE,
      from,
      to,
      coveredDays: coveredDays(cov, from, to),
      gaps: cov.gaps.filter((g) => g.to >= from && g.from <= to),
    };
    // `count` counts every appearance; `items` is a page of them, by day (the whole list unless it is longer than a page).
    const list = { list: 'appearances', filter: `${person} ${year ?? ''}` };
    const keyOf = (e: TrackedEvent) => [e.day, e.articleId, `${e.kind}|${e.place ?? ''}`];
    const after = decodeCursor(cursor, list, ['s', 'n', 's']);
    const page = pageOfList(events, { id: list, keyOf, order: 'asc', after, limit });
    linkNext(c, page.next);
    return c.json({ count: events.length, items: page.items.map(eventJson), coverage, ...(page.next ? { next_cursor: page.next } : {}) });
  });
  api.route('/', undoReviewApi(store));
  return api;
}

/** Entity pages: /entities, /entities/candidates, /entities/:id. */
export function entityPages(store: Store): Hono {
  const app = new Hono();
  const index = () => entitiesOf(store);

  app.get('/entities', async (c) => {
    const q = c.req.query('q') ?? '';
    const found = await searchEntities(index(), q, 200);
    const counts = await index().counts(found.map((e) => e.id));
    const rows = found.map((e) => ({ entity: e, articles: counts.get(e.id)?.articles ?? 0 })).sort((a, b) => b.articles - a.articles);
    return c.html(<EntitiesPage q={q} rows={rows} />);
  });

  app.get('/entities/candidates', async (c) => {
    const notice = { accepted: c.req.query('accepted'), removed: c.req.query('removed'), restored: c.req.query('restored') };
    const [candidates, rejected] = await Promise.all([index().candidates(300, 3), index().rejected(200)]);
    return c.html(<CandidatesPage candidates={candidates} rejected={rejected} notice={notice} />);
  });

  app.post('/entities/candidates', async (c) => {
    const form = await c.req.parseBody();
    const name = typeof form.name === 'string' ? form.name.trim() : '';
    if (!name) return c.html(<NotFoundPage what="Give a name to accept or reject." />, 400);
    if (form.action === 'reject') {
      await index().reject(name);
      return c.redirect('/entities/candidates', 303);
    }
    if (form.action === 'restore') {
      if (!(await index().restore(name))) return c.html(<NotFoundPage what={`"${name}" is not a rejected name.`} />, 400);
      return c.redirect(`/entities/candidates?restored=${encodeURIComponent(name)}`, 303);
    }
    try {
      const r = await index().accept(name, { candidateOnly: true });
      return c.redirect(`/entities/candidates?accepted=${encodeURIComponent(r.id)}`, 303);
    } catch (e) {
      return c.html(<NotFoundPage what={(e as Error).message} />, 400);
    }
  });

  app.route('/', undoReviewPages(store));

  app.get('/entities/:id', async (c) => {
    const e = await index().entity(c.req.param('id'));
    if (!e) return c.html(<NotFoundPage what={`There is no entity ${c.req.param('id')}.`} />, 404);
    const reads = index();
    const [summary, monthly, coNamed, events] = await Promise.all([reads.summary(e.id), reads.monthly(e.id), reads.coMentioned(e.id, 12), e.tracked ? reads.events(e.id) : []]);
    const co = await named(reads, coNamed);
    const cov = await coverages(reads, e, events);
    let tracker = null;
    if (e.tracked && cov.tracker) {
      const years = yearlyCovered(events, cov.tracker);
      const requested = parseYear(c.req.query('year'));
      const year = requested ?? years.filter((y) => y.count > 0).at(-1)?.year ?? null;
      const last = events.at(-1)?.day ?? null;
      const since = sinceLast(last, cov.tracker);
      tracker = {
        events: year ? events.filter((x) => x.day.startsWith(String(year))) : [],
        year,
        years,
        last,
        daysSince: since?.days ?? null,
        coveredSince: since?.coveredDays ?? null,
        newest: since?.to ?? null,
        coverage: cov.tracker,
        absences: absences(events.map((x) => x.day), cov.tracker, 8),
        companions: topCompanions(events, 5),
        places: Object.fromEntries((await reads.allEntities()).filter((x) => x.kind === 'place').map((x) => [x.id, x.name])),
      };
    }
    return c.html(<EntityPage entity={e} summary={summary} monthly={monthly} co={co} tracker={tracker} coverage={cov.archive} added={(await reads.addedName(e.id)) !== undefined} />);
  });
  return app;
}
