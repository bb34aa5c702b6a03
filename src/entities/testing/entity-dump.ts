import type { EntityArchive } from './entity-archive.js';

/**
 * Everything an archive's entities say, with article and source ids replaced by URLs and slugs (ids are
 * the store's business: a PostgreSQL sequence may skip numbers).
 */
export async function dump(a: EntityArchive) {
  const urls = new Map((await a.rows<{ id: number; url: string }>('SELECT id, url FROM articles')).map((r) => [Number(r.id), r.url]));
  const slugs = new Map((await a.rows<{ id: number; slug: string }>('SELECT id, slug FROM sources')).map((r) => [Number(r.id), r.slug]));
  const url = (id: number | null) => (id === null ? null : urls.get(Number(id)));
  const byUrl = <T extends object>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
  const index = a.index;
  const mentions = await a.rows<{ entity_id: string; article_id: number; count: number; offsets: string }>('SELECT * FROM entity_mentions');
  const appearances = await a.rows<Record<string, unknown> & { article_id: number }>('SELECT * FROM tracker_appearances');
  const candidates = await a.rows<{ name: string; articles: number; status: string; first_article: number; last_article: number }>('SELECT * FROM entity_candidates ORDER BY name');
  const top = (await a.rows<{ id: string }>('SELECT entity_id AS id FROM entity_mentions GROUP BY entity_id ORDER BY count(*) DESC, entity_id LIMIT 25')).map((r) => r.id);
  const tracked = (await index.trackedWithAppearances()).sort();
  const figures: Record<string, unknown> = {};
  for (const id of top) {
    const s = await index.summary(id);
    figures[id] = {
      summary: { ...s, firstArticle: url(s.firstArticle), lastArticle: url(s.lastArticle) },
      monthly: await index.monthly(id),
      people: await index.coMentioned(id, 12),
      places: await index.coMentioned(id, 10, 'place'),
      articles: (await index.articleIds(id)).map(url).sort(),
    };
  }
  const tracker: Record<string, unknown> = {};
  for (const person of tracked) {
    const events = await index.events(person);
    const year = Number(events[0]?.day.slice(0, 4));
    tracker[person] = {
      events: events.map((e) => ({ ...e, articleId: url(e.articleId), reports: e.reports.map(url) })),
      year: (await index.events(person, year)).map((e) => url(e.articleId)),
      appearances: (await index.appearances(person, year)).map((x) => ({ ...x, articleId: url(x.articleId) })),
      days: (await index.articleDays(person)).map((d) => ({ ...d, source: slugs.get(Number(d.source)) })),
    };
  }
  const someArticle = [...urls].sort((x, y) => (x[1] < y[1] ? -1 : 1)).find(([id]) => mentions.some((m) => Number(m.article_id) === id))!;
  return {
    mentions: byUrl(mentions.map((m) => ({ ...m, article_id: url(m.article_id) }))),
    appearances: byUrl(appearances.map((r) => ({ ...r, article_id: url(r.article_id) }))),
    candidates: candidates.map((c) => ({ ...c, first_article: url(c.first_article), last_article: url(c.last_article) })),
    review: { waiting: await index.candidates(300, 1), rejected: await index.rejected() },
    counts: [...(await index.counts([...top, 'nobody']))],
    mentionsOf: await index.mentionsOf(someArticle[0]),
    figures,
    tracker,
    tracked,
    days: await index.articleDays(),
  };
}

