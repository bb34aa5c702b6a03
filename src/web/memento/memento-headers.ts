import type { MiddlewareHandler } from 'hono';
import type { Store } from '../../store/store.js';
import { ownOrigin } from '../auth.js';
import { parseId } from '../params.js';
import { httpDate, linkValue, mementoSet, mementoUrls, type Memento } from './memento-model.js';
import { LINK_FORMAT } from './memento-routes.js';
import '../shown.js';

/** Adds link-values after any Link the route itself set, so neither replaces the other. */
function appendLinks(headers: Headers, links: string[]): void {
  headers.set('Link', [headers.get('Link'), ...links].filter(Boolean).join(', '));
}

/**
 * For `/articles/:id/versions/:n`: after the page is served, marks it as a memento (RFC 7089 §2.1.1)
 * with `Memento-Datetime` and a `Link` to its original URL, TimeGate, TimeMap and neighbouring versions,
 * so a Memento client reading one version can find all the others. Error answers are left alone.
 */
export function mementoHeaders(store: Store): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status < 200 || c.res.status >= 300) return;
    const id = parseId(c.req.param('id'));
    const n = parseId(c.req.param('n'));
    if (id === null || n === null) return;
    const article = c.get('shownArticle');
    const versions = c.get('shownVersions');
    const set = await mementoSet(store, id, ownOrigin(c), null, article?.id === id && versions ? { article, versions } : undefined);
    const at = set?.mementos.findIndex((m) => m.n === n) ?? -1;
    if (!set || at < 0) return;
    const { mementos } = set;
    // One link-value per neighbouring version, its relations together (`first prev memento`).
    const rels = new Map<Memento, string[]>();
    const add = (m: Memento | undefined, rel: string) => m && rels.set(m, [...(rels.get(m) ?? []), rel]);
    add(mementos[0], 'first');
    add(mementos[mementos.length - 1], 'last');
    add(mementos[at - 1], 'prev');
    add(mementos[at + 1], 'next');
    c.res.headers.set('Memento-Datetime', httpDate(mementos[at].at));
    appendLinks(c.res.headers, [
      linkValue(set.original, 'original'),
      linkValue(set.timegate, 'timegate'),
      linkValue(set.timemap, 'timemap', { type: LINK_FORMAT }),
      ...[...rels].map(([m, r]) => linkValue(m.uri, `${r.join(' ')} memento`, { datetime: httpDate(m.at) })),
    ]);
  };
}

/**
 * For `/articles/:id` and `/api/articles/:id`: a `Link` to the article's original URL, its TimeGate and
 * TimeMap, so a Memento client that lands on the article (not one version) finds the versions too.
 */
export function articleMementoLinks(store: Store): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status < 200 || c.res.status >= 300) return;
    const id = parseId(c.req.param('id'));
    const shown = c.get('shownArticle');
    const article = shown?.id === id ? shown : id === null ? null : await store.getArticle(id);
    if (!article) return;
    const { timegate, timemap } = mementoUrls(ownOrigin(c), article.url);
    const links = [linkValue(article.url, 'original'), linkValue(timegate, 'timegate'), linkValue(timemap, 'timemap', { type: LINK_FORMAT })];
    appendLinks(c.res.headers, links);
  };
}
