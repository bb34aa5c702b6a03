import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusSample, tempDir } from '../../../test/helpers.js';
import { importFile } from '../../import/importer.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { testBackends } from '../../testing/backends.js';
import { buildWarcFixture, FIXTURE_URL_CRAWLED } from '../../warc/warc-fixture.js';
import { createApp } from '../app.js';

interface Operation {
  responses: Record<string, { content?: Record<string, unknown> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>> };

/**
 * The document's path a request path falls under: the most literal one when several match. `wildcards`:
 * the prefixes of the app's wildcard routes, whose one parameter takes the rest of the path.
 */
function documentedPath(doc: Doc, path: string, wildcards: readonly string[]): string {
  const matches = Object.keys(doc.paths).filter((p) => {
    const rest = wildcards.some((w) => p.startsWith(w) && /^\{[^/}]+\}$/.test(p.slice(w.length)));
    const escaped = p.replace(/[.]/g, '\\.');
    const pattern = (rest ? escaped.replace(/\{[^}]+\}$/, '.+') : escaped).replace(/\{[^}]+\}/g, '[^/]+');
    return new RegExp(`^${pattern}$`).test(path);
  });
  const params = (p: string) => (p.match(/\{/g) ?? []).length;
  matches.sort((a, b) => params(a) - params(b));
  if (!matches.length) throw new Error(`no documented path for ${path}`);
  return matches[0];
}

/** A JSON pointer token as a URI fragment holds it (RFC 6901 §6: braces percent-encoded). */
const pointer = (s: string) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'));

describe.each(testBackends())('OpenAPI responses are what the app answers ($name)', (backend) => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let doc: Doc;
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  let ids: { crawledId: number; importedId: number };
  let admin = '';
  let reader = '';

  beforeAll(async () => {
    store = await openStore(await backend.location());
    ids = await buildWarcFixture(store);
    // Stories need copies of one text in two outlets: the sample again under another outlet's addresses.
    await importFile(store, corpusSample('kcna-co-jp-sample.jsonl'), { spec: { preset: 'kcna-co-jp' }, worker: false });
    const dir = tempDir();
    const reprints = readFileSync(corpusSample('kcna-co-jp-sample.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => {
        const r = JSON.parse(l) as { url: string; title: string; body: string; index_date: string };
        return JSON.stringify({ url: r.url.replace('http://kcna.co.jp/', 'http://reprints.example/'), title: r.title, body: r.body, date: r.index_date });
      });
    writeFileSync(join(dir, 'reprints.jsonl'), reprints.join('\n'));
    await importFile(store, join(dir, 'reprints.jsonl'), { spec: { map: {}, source: 'Reprints' }, worker: false });
    await store.crawl.upsertSource({ slug: 'crawled', name: 'Crawled', homepage: 'https://crawled.example/', lang: 'en', config: {}, enabled: true });
    await store.accounts.addUser('ana', 'admin', 'a-long-password');
    await store.accounts.addUser('rita', 'reader', 'a-long-password');
    admin = (await store.accounts.addToken('ana', 'admin')).token;
    reader = (await store.accounts.addToken('rita', 'read')).token;
    app = createApp(store, { private: false, rateLimits: { loginFailures: 0, apiPerMinute: 0 } });
    doc = (await (await app.request('/api/openapi.json')).json()) as Doc;
    ajv.addSchema({ ...doc, $id: 'openapi' });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  /**
   * Sends a request and checks the answer against the document: the status is documented for the route,
   * a JSON body validates against its schema, any other body has a documented media type. Returns the body.
   */
  async function check(path: string, status: number, init: { method?: string; token?: string; json?: unknown; headers?: Record<string, string> } = {}): Promise<unknown> {
    const method = (init.method ?? 'get').toLowerCase();
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(path, { method: method.toUpperCase(), headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
    const where = `${method.toUpperCase()} ${path}`;
    expect(res.status, where).toBe(status);
    const wildcards = app.routes.filter((r) => r.method !== 'ALL' && r.path.endsWith('*')).map((r) => r.path.slice(0, -1));
    const documented = documentedPath(doc, new URL(path, 'http://localhost').pathname, wildcards);
    const op = doc.paths[documented][method];
    expect(op, `${where}: ${method} ${documented} is documented`).toBeDefined();
    const answer = op.responses[String(status)];
    expect(answer, `${where}: status ${status} is documented`).toBeDefined();
    const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
    if (!answer.content) {
      expect(await res.text(), `${where}: no body documented`).toBe('');
      return null;
    }
    expect(Object.keys(answer.content), `${where}: ${type} is documented`).toContain(type);
    if (type !== 'application/json') return res.text();
    const body = await res.json();
    const validate = ajv.getSchema(`openapi#/paths/${pointer(documented)}/${method}/responses/${status}/content/application~1json/schema`);
    expect(validate, `${where}: a JSON schema`).toBeDefined();
    if (!validate!(body)) expect.fail(`${where}: ${ajv.errorsText(validate!.errors)}\n${JSON.stringify(body).slice(0, 600)}`);
    return body;
  }

  it('archive: articles, versions, sources, days, stories, events', async () => {
    const { crawledId, importedId } = ids;
    await check(`/api/articles?url=${encodeURIComponent(FIXTURE_URL_CRAWLED)}`, 200);
    await check('/api/articles', 400);
    await check(`/api/articles?url=${encodeURIComponent('https://nowhere.example/a')}`, 404);
    await check(`/api/articles/${crawledId}`, 200);
    await check(`/api/articles/${importedId}`, 200);
    await check('/api/articles/999999', 404);
    await check(`/api/articles/${crawledId}/versions`, 200);
    await check('/api/articles/999999/versions', 404);
    await check(`/api/articles/${crawledId}/versions/1`, 200);
    await check(`/api/articles/${crawledId}/versions/2`, 200);
    await check(`/api/articles/${importedId}/versions/1`, 200);
    await check(`/api/articles/${crawledId}/versions/9`, 404);
    await check('/api/sources', 200);
    await check('/api/sources/outlet/articles?page=1', 200);
    await check('/api/sources/outlet/articles?page=x', 400);
    await check('/api/sources/nope/articles', 404);
    await check('/api/sources/crawled/health', 200);
    await check('/api/sources/nope/health', 404);
    await check('/api/stats', 200);
    await check('/api/days/2024-05-01', 200);
    await check('/api/days/2024-13-01', 400);
    const stories = (await check('/api/stories', 200)) as { items: { id: number }[] };
    if (backend.name === 'sqlite') expect(stories.items.length).toBeGreaterThan(0);
    await check('/api/stories?page=0', 400);
    if (stories.items.length) await check(`/api/stories/${stories.items[0].id}`, 200);
    await check('/api/stories/999999', 404);
    await check('/api/events', 200);
    await check('/api/events?type=edited&limit=5', 200);
    await check('/api/events?type=nonsense', 400);
  });

  it('search and timelines, with the position of a query mistake', async () => {
    await check('/api/search?q=harvest', 200);
    await check('/api/search?q=the&per_page=3&sort=newest&collapse=story', 200);
    await check(`/api/search?q=${encodeURIComponent(FIXTURE_URL_CRAWLED)}`, 200);
    await check('/api/search?q=added:harvest', 200);
    const bad = (await check(`/api/search?q=${encodeURIComponent('(harvest')}`, 400)) as { position?: number };
    expect(bad.position).toBeTypeOf('number');
    await check('/api/search', 400);
    await check('/api/search?q=x&per_page=0', 400);
    await check('/api/timeline?q=harvest&interval=year', 200);
    await check('/api/timeline?interval=fortnight', 400);
    await check('/api/search.jsonl?q=harvest&fields=id,title,snippet', 200);
    await check('/api/search.jsonl?q=harvest&fields=nonsense', 400);
    await check('/api/search.csv?q=harvest', 200);
    await check('/api/timeline.csv?q=harvest&q=rice', 200);
    await check('/api/timeline.csv', 400);
  });

  it('entities and the tracker', async () => {
    await check('/api/entities?q=kim', 200);
    await check('/api/entities', 200);
    await check('/api/entities/kim-jong-il', 200);
    await check('/api/entities/pyongyang', 200);
    await check('/api/entities/nobody-at-all', 404);
    await check('/api/tracker/appearances?person=kim-jong-il', 200);
    await check('/api/tracker/appearances?person=kim-jong-il&year=1997', 200);
    await check('/api/tracker/appearances?person=kim-jong-il&year=97', 400);
    await check('/api/tracker/appearances', 400);
    await check('/api/tracker/appearances/yearly?person=kim-jong-il', 200);
    await check('/api/tracker/appearances/yearly', 400);
    await check('/api/entities/nobody-at-all', 404, { method: 'DELETE', token: admin });
    await check('/api/entities/candidates/Nobody/restore', 404, { method: 'POST', token: admin });
    // A write without a token is refused as coming from another site (no Origin of ours) before asking who it is.
    await check('/api/entities/nobody-at-all', 403, { method: 'DELETE' });
    await check('/api/entities/nobody-at-all', 403, { method: 'DELETE', token: reader });
  });

  it('saved searches', async () => {
    await check('/api/saved-searches', 401);
    const made = (await check('/api/saved-searches', 201, { method: 'POST', token: admin, json: { name: 'Harvest', query: 'harvest', webhook: 'https://hooks.example/x' } })) as { id: number };
    await check('/api/saved-searches', 400, { method: 'POST', token: admin, json: { name: 'No query' } });
    await check('/api/saved-searches', 200, { token: admin });
    await check(`/api/saved-searches/${made.id}`, 200, { token: admin });
    await check('/api/saved-searches/999999', 404, { token: admin });
    await check(`/api/saved-searches/${made.id}`, 200, { method: 'PATCH', token: admin, json: { emailMode: 'digest', email: 'ana@example.org' } });
    await check(`/api/saved-searches/${made.id}/deliveries`, 200, { token: admin });
    await check(`/api/saved-searches/${made.id}`, 204, { method: 'DELETE', token: admin });
    await check(`/api/saved-searches/${made.id}`, 404, { method: 'DELETE', token: admin });
  });

  it('admin: users and tokens', async () => {
    await check('/api/admin/users', 200, { token: admin });
    await check('/api/admin/users', 403, { token: reader });
    await check('/api/admin/users', 401);
    await check('/api/admin/users', 201, { method: 'POST', token: admin, json: { name: 'ed', role: 'editor', password: 'another-long-password' } });
    await check('/api/admin/users', 400, { method: 'POST', token: admin, json: { name: 'ed', role: 'editor', password: 'x' } });
    await check('/api/admin/users/ed', 200, { method: 'PATCH', token: admin, json: { role: 'reader' } });
    await check('/api/admin/users/ana', 403, { method: 'PATCH', token: admin, json: { role: 'reader' } });
    await check('/api/admin/users/ed', 200, { method: 'DELETE', token: admin });
    await check('/api/admin/users/ed', 404, { method: 'DELETE', token: admin });
    const tokens = (await check('/api/admin/tokens', 200, { token: admin })) as { id: number; userName: string }[];
    await check(`/api/admin/tokens/${tokens.find((t) => t.userName === 'rita')!.id}`, 200, { method: 'DELETE', token: admin });
    await check('/api/admin/tokens/999999', 404, { method: 'DELETE', token: admin });
    await check('/api/stats', 401, { token: 'not-a-token' });
    await check('/api/admin/queue', 200, { token: admin });
    await check('/api/admin/queue/crawl', 404, { method: 'POST', token: admin, json: { source: 'nope' } });
    if (backend.name === 'sqlite') await check('/api/admin/queue/crawl', 409, { method: 'POST', token: admin, json: {} });
  });

  it('feeds, WARC, Memento, pages and static files answer the documented media types', async () => {
    const { crawledId } = ids;
    await check('/feeds/all.atom', 200);
    await check('/feeds/all.rss?limit=5', 200);
    await check('/feeds/all.json?content=full', 200);
    await check('/feeds/all.atom?limit=0', 400);
    await check('/feeds/all.txt', 404);
    await check('/feeds/sources/outlet.atom', 200);
    await check('/feeds/entities/kim-jong-il.json', 200);
    await check('/feeds/saved/1.atom', 404);
    await check(`/api/articles/${crawledId}/warc`, 200);
    await check('/api/articles/999999/warc', 404);
    await check('/api/search.warc?q=harvest', 200);
    await check('/api/search.warc', 400);
    await check(`/timemap/link/${FIXTURE_URL_CRAWLED}`, 200);
    await check('/timemap/link/https://nowhere.example/a', 404);
    await check(`/timegate/${FIXTURE_URL_CRAWLED}`, 302, { headers: { 'accept-datetime': 'Thu, 02 May 2024 00:00:00 GMT' } });
    await check(`/timegate/${FIXTURE_URL_CRAWLED}`, 400, { headers: { 'accept-datetime': 'yesterday' } });
    await check(`/articles/${crawledId}/versions/2/raw`, 200);
    await check(`/articles/${ids.importedId}/versions/1/raw`, 404);
    for (const page of ['/', '/sources', '/sources/outlet', `/articles/${crawledId}`, `/articles/${crawledId}/versions`, `/articles/${crawledId}/versions/1`, '/days/2024-05-01', '/stories', '/search?q=harvest', '/entities', '/entities/kim-jong-il', '/health', '/removed', '/about/counts', '/api', '/login']) {
      await check(page, 200);
    }
    await check('/articles/999999', 404);
    await check('/days/2024-02-30', 400);
    await check('/static/wirewatch.css', 200);
    await check('/static/search-chart.js', 200);
    await check('/favicon.ico', 204);
    await check('/api/openapi.json', 200);
  });
});
