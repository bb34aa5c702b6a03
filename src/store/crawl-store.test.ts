import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { normalizeArticle, type NormalizedArticle } from '../normalize/article.js';
import { testBackends } from '../testing/backends.js';
import type { CaptureInput, CrawlUrlRow, Validators } from './crawl-store.js';
import { openStore } from './open-store.js';
import type { Store } from './store.js';

const URL_1 = 'http://kcna.test/a/1';
const BODY = [
  'Pyongyang, May 4 (KCNA) -- A delegation of the Ministry of Foreign Affairs left Pyongyang on Saturday for talks in Moscow.',
  'The delegation is led by the vice-minister, who will meet officials of the host country during the week.',
];

function page(body = BODY): NormalizedArticle {
  const r = normalizeArticle({ url: URL_1, title: 'Delegation leaves for Moscow', body, pageDate: '2024-05-04', lang: 'en', decoded: true });
  if (!r.ok) throw new Error(r.reason);
  return r.article;
}

const capture = (takenAt: string, over: Partial<CaptureInput> = {}): CaptureInput => ({
  takenAt,
  url: URL_1,
  httpStatus: 200,
  headers: { 'content-type': 'text/html' },
  rawSha256: null,
  contentHash: null,
  extractor: 'selectors',
  errorKind: null,
  ...over,
});
const none: Validators = { etag: null, lastModified: null, rawSha256: null };

/** The crawler's persistence, the same on every backend: a URL's life from the queue to its removal. */
describe.each(testBackends())('the crawl store ($name)', (backend) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });
  afterAll(() => backend.cleanup());

  it('queues, stores, rechecks an edit, and marks an article removed after two misses', async () => {
    const s = (store = await openStore(await backend.location()));
    const crawl = s.crawl;
    const made = await crawl.upsertSource({ slug: 'kcna', name: 'KCNA', homepage: 'http://kcna.test/', lang: 'en', config: { adapter: 'x' }, enabled: true });
    expect(made.created).toBe(true);
    expect(await crawl.upsertSource({ slug: 'kcna', name: 'KCNA Watch', homepage: null, lang: 'en', config: { adapter: 'y' }, enabled: true })).toEqual({ id: made.id, created: false });
    expect(await crawl.crawlSources()).toEqual([{ id: made.id, slug: 'kcna', name: 'KCNA Watch', homepage: 'http://kcna.test/', lang: 'en', enabled: true, config: { adapter: 'y' } }]);
    const sourceId = made.id;

    // Listing state and validators.
    await crawl.setListingPolled(sourceId, '2024-05-04T00:00:00.000Z', '2024-05-04T01:00:00.000Z');
    await crawl.setListingPolled(sourceId, '2024-05-04T01:00:00.000Z', '2024-05-04T02:00:00.000Z');
    expect(await crawl.sourceState(sourceId)).toEqual({ lastListingAt: '2024-05-04T01:00:00.000Z', nextListingAt: '2024-05-04T02:00:00.000Z' });
    expect(await crawl.listingValidators('http://kcna.test/')).toBeNull();
    await crawl.saveListingValidators(sourceId, 'http://kcna.test/', { etag: '"a"', lastModified: null, rawSha256: 'r1' }, '2024-05-04T00:00:00.000Z');
    await crawl.saveListingValidators(sourceId, 'http://kcna.test/', { etag: '"b"', lastModified: 'Sat', rawSha256: 'r2' }, '2024-05-04T01:00:00.000Z');
    expect(await crawl.listingValidators('http://kcna.test/')).toEqual({ etag: '"b"', lastModified: 'Sat', rawSha256: 'r2' });

    // Raw bodies, compressed, by hash.
    const raw = Buffer.from('<html>'.padEnd(5000, 'x'));
    await crawl.putBlob('sha-1', raw, '2024-05-04T00:00:00.000Z');
    await crawl.putBlob('sha-1', raw, '2024-05-04T00:00:00.000Z');
    expect((await crawl.getBlob('sha-1'))?.equals(raw)).toBe(true);
    expect(await crawl.getBlob('sha-none')).toBeNull();

    // Queue: a URL once (twice in one listing: as it first appears).
    const url = { url: URL_1, fetchUrl: URL_1, mode: 'page' as const, listingDate: '2024-05-04', hint: { title: 'Delegation' } };
    const again = { ...url, hint: { title: 'Delegation again' } };
    expect(await crawl.enqueue(sourceId, [url, { ...url, url: 'http://kcna.test/a/2', fetchUrl: 'http://kcna.test/a/2' }, again], '2024-05-04T00:00:00.000Z', '2024-05-05T00:00:00.000Z')).toBe(2);
    expect(await crawl.enqueue(sourceId, [url], '2024-05-04T00:10:00.000Z', '2024-05-05T00:00:00.000Z')).toBe(0);
    const queued = await crawl.queuedUrls(sourceId, '2024-05-04T00:00:00.000Z', 10);
    expect(queued.map((r) => [r.url, r.state, r.hint])).toEqual([
      [URL_1, 'queued', { title: 'Delegation' }],
      ['http://kcna.test/a/2', 'queued', { title: 'Delegation' }],
    ]);
    await crawl.recordFailure(queued[1], '2024-05-04T00:20:00.000Z', '2024-05-04T01:20:00.000Z', false, null);
    expect((await crawl.queuedUrls(sourceId, '2024-05-04T00:30:00.000Z', 10)).map((r) => r.url)).toEqual([URL_1]);

    // First capture: the article goes through the archive's ingest.
    const first = page();
    const outcome = await crawl.storeNew(
      queued[0],
      { sourceId, article: first, seenAt: '2024-05-04T00:30:00.000Z', origin: 'crawl', httpStatus: 200, extractor: 'selectors', rawSha256: 'sha-1' },
      capture('2024-05-04T00:30:00.000Z', { contentHash: first.contentHash, rawSha256: 'sha-1' }),
      { etag: '"e1"', lastModified: null, rawSha256: 'sha-1' },
      '2024-05-05T00:30:00.000Z',
    );
    expect(outcome.kind).toBe('imported');
    const id = outcome.id;
    expect((await crawl.queuedUrls(sourceId, '2024-05-06T00:00:00.000Z', 10)).map((r) => [r.url, r.failCount])).toEqual([['http://kcna.test/a/2', 1]]);
    const due = await crawl.dueRechecks(sourceId, '2024-05-05T00:30:00.000Z', 10);
    expect(due).toMatchObject([{ url: URL_1, state: 'done', articleId: id, etag: '"e1"', rawSha256: 'sha-1', contentHash: first.contentHash, recheckStep: 0 }]);
    expect(await crawl.dueRechecks(sourceId, '2024-05-05T00:00:00.000Z', 10)).toEqual([]);
    expect(await crawl.dueRechecks(sourceId, '2024-05-05T00:00:00.000Z', 10, true)).toHaveLength(1);

    // An edit: the old text becomes a version, an `edited` event, the schedule tightens.
    const edited = page([BODY[0], BODY[1].replace('during the week', 'during the month')]);
    const next = (changed: boolean) => ({ step: changed ? 0 : 1, at: changed ? '2024-05-05T06:00:00.000Z' : '2024-05-07T00:00:00.000Z' });
    expect(await crawl.storeRecheck(due[0], edited, capture('2024-05-05T01:00:00.000Z', { contentHash: edited.contentHash }), none, next)).toBe('edited');
    let row = (await crawl.dueRechecks(sourceId, '2030-01-01T00:00:00.000Z', 10))[0];
    expect(row).toMatchObject({ nextCheckAt: '2024-05-05T06:00:00.000Z', contentHash: edited.contentHash, etag: null });
    // Not modified: unchanged.
    expect(await crawl.storeRecheck(row, null, capture('2024-05-05T06:00:00.000Z', { httpStatus: 304 }), none, next)).toBe('unchanged');
    row = (await crawl.dueRechecks(sourceId, '2030-01-01T00:00:00.000Z', 10))[0];
    expect(row.recheckStep).toBe(1);
    const article = (await s.getArticle(id))!;
    expect(article).toMatchObject({ versions: 2, body: edited.paragraphs, lastSeen: '2024-05-05T06:00:00.000Z', extractor: 'selectors' });

    // Gone twice: suspect, then removed (from the first miss on).
    const gone = (at: string) => capture(at, { httpStatus: 404, errorKind: 'not-found', extractor: null });
    expect(await crawl.recordMissing(row, gone('2024-05-07T00:00:00.000Z'), 'http-404', '2024-05-07T06:00:00.000Z')).toBe('suspect');
    row = (await crawl.dueRechecks(sourceId, '2030-01-01T00:00:00.000Z', 10))[0];
    expect(row).toMatchObject({ missingCount: 1, missingSince: '2024-05-07T00:00:00.000Z' });
    expect(await crawl.recordMissing(row, gone('2024-05-07T06:00:00.000Z'), 'http-404', '2024-05-08T00:00:00.000Z')).toBe('removed');
    row = (await crawl.dueRechecks(sourceId, '2030-01-01T00:00:00.000Z', 10))[0];
    expect(await crawl.recordMissing(row, gone('2024-05-08T00:00:00.000Z'), 'http-404', '2024-05-09T00:00:00.000Z')).toBe('still-removed');
    expect(await s.getArticle(id)).toMatchObject({ status: 'removed', removedAt: '2024-05-07T00:00:00.000Z' });
    expect(await crawl.removedArticles(10)).toEqual([
      { id, title: 'Delegation leaves for Moscow', url: URL_1, lang: 'en', published: '2024-05-04', sourceSlug: 'kcna', sourceName: 'KCNA Watch', removedAt: '2024-05-07T00:00:00.000Z', lastCapturedAt: '2024-05-05T01:00:00.000Z' },
    ]);
    expect(await crawl.lastCapture(id)).toEqual({ takenAt: '2024-05-05T01:00:00.000Z', httpStatus: 200 });

    // It comes back: restored.
    row = (await crawl.dueRechecks(sourceId, '2030-01-01T00:00:00.000Z', 10))[0];
    expect(await crawl.storeRecheck(row, edited, capture('2024-05-09T00:00:00.000Z', { contentHash: edited.contentHash }), none, next)).toBe('restored');
    expect(await s.getArticle(id)).toMatchObject({ status: 'restored', removedAt: null });

    const events = await crawl.events({ limit: 10 });
    expect(events.map((e) => [e.type, e.articleId, e.sourceSlug, e.url])).toEqual([
      ['restored', id, 'kcna', URL_1],
      ['removed', id, 'kcna', URL_1],
      ['edited', id, 'kcna', URL_1],
    ]);
    expect(events[1].detail).toEqual({ reason: 'http-404', firstMissingAt: '2024-05-07T00:00:00.000Z', status: 404 });
    expect(events[2].detail).toEqual({ from: first.contentHash, to: edited.contentHash });
    expect(await crawl.events({ type: 'removed', limit: 10, articleId: id })).toHaveLength(1);
    expect(await crawl.events({ type: 'removed', limit: 10, articleId: id + 1 })).toEqual([]);
    const versions = await crawl.versions(id);
    expect(versions.map((v) => [v.n, v.current, v.contentHash, v.seenAt])).toEqual([
      [1, false, first.contentHash, '2024-05-04T00:30:00.000Z'],
      [2, true, edited.contentHash, '2024-05-05T01:00:00.000Z'],
    ]);
    const captures = await crawl.textCaptures(id);
    expect(captures.map((c) => [c.takenAt, c.origin, c.contentHash, c.headers])).toEqual([
      ['2024-05-04T00:30:00.000Z', 'crawl', first.contentHash, { 'content-type': 'text/html' }],
      ['2024-05-05T01:00:00.000Z', 'crawl', edited.contentHash, { 'content-type': 'text/html' }],
      ['2024-05-09T00:00:00.000Z', 'crawl', edited.contentHash, { 'content-type': 'text/html' }],
    ]);

    // Markup drift: an episode opens once, grows, and ends when pages match again.
    expect(await crawl.recordMarkup(sourceId, '2024-05-09T01:00:00.000Z', [{ url: 'http://kcna.test/a/3', what: 'body: .text' }], false)).toBe('started');
    expect(await crawl.recordMarkup(sourceId, '2024-05-09T02:00:00.000Z', [{ url: 'http://kcna.test/a/4', what: 'title: h1' }], false)).toBe('continued');

    // Health.
    const at = (h: number) => new Date(Date.UTC(2024, 4, 9, h)).toISOString();
    await crawl.logFetch({ sourceId, url: 'http://kcna.test/', purpose: 'listing', at: at(0), ok: true, status: 200, errorKind: null, message: null, elapsedMs: 10 });
    await crawl.logFetch({ sourceId, url: 'http://kcna.test/a/5', purpose: 'article', at: at(1), ok: false, status: 500, errorKind: 'http', message: 'Server Error', elapsedMs: 10 });
    await crawl.logFetch({ sourceId, url: 'http://kcna.test/', purpose: 'listing', at: at(2), ok: false, status: null, errorKind: 'timeout', message: 'timed out', elapsedMs: 10 });
    const health = (await crawl.sourceHealth('kcna', new Date(at(3))))!;
    expect(health).toMatchObject({
      slug: 'kcna',
      enabled: true,
      crawled: true,
      lastSuccessAt: at(0),
      lastError: { at: at(2), kind: 'timeout', message: 'timed out', url: 'http://kcna.test/' },
      fetches: { ok: 1, total: 3 },
      queued: 1,
      tracked: 1,
      removed: 0,
      nextListingAt: '2024-05-04T02:00:00.000Z',
      markupChanged: { since: '2024-05-09T01:00:00.000Z', lastSeenAt: '2024-05-09T02:00:00.000Z', url: 'http://kcna.test/a/4', what: 'title: h1', count: 2 },
      networkError: { at: at(2), problem: 'unreachable', kind: 'timeout', status: null, url: 'http://kcna.test/', message: 'timed out' },
      stale: false,
    });
    expect(health.daily).toHaveLength(31);
    expect(health.daily.find((d) => d.day === '2024-05-04')?.count).toBe(1);
    expect(await crawl.recordMarkup(sourceId, '2024-05-09T03:00:00.000Z', [], true)).toBe('cleared');
    expect((await crawl.sourceHealth('kcna', new Date(at(3))))!.markupChanged).toBeNull();
    expect(await crawl.sourceHealth('none', new Date(at(3)))).toBeNull();
    expect(await crawl.setSourceEnabled('kcna', false)).toBe(true);
    expect(await crawl.setSourceEnabled('none', false)).toBe(false);
    expect((await crawl.crawlSources())[0].enabled).toBe(false);
  });
});
