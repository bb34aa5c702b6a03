import { Hono, type Context } from 'hono';
import type { Store } from '../../store/store.js';
import { ownOrigin } from '../auth.js';
import { chooseMemento, httpDate, linkValue, mementoSet, originalFromRequest, parseAcceptDatetime, type Memento, type MementoSet } from './memento-model.js';

const TIMEMAP_PREFIX = '/timemap/link/';
const TIMEGATE_PREFIX = '/timegate/';
export const LINK_FORMAT = 'application/link-format';

/** `memento` with `first`/`last` in front for the ends of the list (one version is both). */
export function mementoRel(set: MementoSet, m: Memento): string {
  const first = set.mementos[0] === m;
  const last = set.mementos[set.mementos.length - 1] === m;
  return [first && 'first', last && 'last', 'memento'].filter(Boolean).join(' ');
}

/** The TimeMap body (RFC 7089 §5.1.1): original, self with its span, TimeGate, then every memento oldest first. */
export function timemapBody(set: MementoSet): string {
  const { mementos } = set;
  const links = [
    linkValue(set.original, 'original'),
    linkValue(set.timemap, 'self', { type: LINK_FORMAT, from: httpDate(mementos[0].at), until: httpDate(mementos[mementos.length - 1].at) }),
    linkValue(set.timegate, 'timegate'),
    ...mementos.map((m) => linkValue(m.uri, mementoRel(set, m), { datetime: httpDate(m.at) })),
  ];
  return `${links.join(',\n')}\n`;
}

const plain = (c: Context, status: 400 | 404, message: string) => c.text(`${message}\n`, status);

/** The versions held for the original URL after `prefix` in the request, or the reason there are none. */
async function lookup(store: Store, c: Context, prefix: string): Promise<MementoSet | string> {
  const original = originalFromRequest(c.req.url, prefix);
  if (!original) return `Give an original URL after ${prefix}, for example ${prefix}http://www.kcna.kp/…`;
  const id = await store.findArticleIdByUrl(original);
  const set = id === null ? null : await mementoSet(store, id, ownOrigin(c), original);
  return set ?? `This archive holds no versions of ${original}.`;
}

/** Memento (RFC 7089) TimeMaps and TimeGates for every original URL the archive holds. */
export function mementoRoutes(store: Store): Hono {
  const app = new Hono();

  app.get(`${TIMEMAP_PREFIX}*`, async (c) => {
    const set = await lookup(store, c, TIMEMAP_PREFIX);
    if (typeof set === 'string') return plain(c, 404, set);
    return c.body(timemapBody(set), 200, { 'Content-Type': LINK_FORMAT });
  });

  // Pattern 2.2 of RFC 7089 §4.2: the TimeGate is its own resource and redirects to the chosen memento.
  app.get(`${TIMEGATE_PREFIX}*`, async (c) => {
    c.header('Vary', 'accept-datetime');
    const asked = c.req.header('accept-datetime');
    const at = asked === undefined ? null : parseAcceptDatetime(asked);
    if (asked !== undefined && !at) return plain(c, 400, `Accept-Datetime must be an RFC 1123 date in GMT, such as "Tue, 20 Jun 2000 18:02:59 GMT"; got "${asked}".`);
    const set = await lookup(store, c, TIMEGATE_PREFIX);
    if (typeof set === 'string') return plain(c, 404, set);
    const chosen = chooseMemento(set.mementos, at);
    const first = set.mementos[0];
    const last = set.mementos[set.mementos.length - 1];
    const shown = [...new Set([first, chosen, last])];
    c.header('Link', [
      linkValue(set.original, 'original'),
      linkValue(set.timemap, 'timemap', { type: LINK_FORMAT }),
      ...shown.map((m) => linkValue(m.uri, mementoRel(set, m), { datetime: httpDate(m.at) })),
    ].join(', '));
    c.header('Location', chosen.uri);
    return c.body(null, 302);
  });

  return app;
}
