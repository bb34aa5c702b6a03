import { Validator } from '@seriousme/openapi-schema-validator';
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { createApp } from '../app.js';

let store: Store;
let app: ReturnType<typeof createApp>;
let doc: { openapi: string; paths: Record<string, Record<string, unknown>> };

beforeAll(async () => {
  store = await openStore(':memory:');
  app = createApp(store);
  const res = await app.request('/api/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  doc = await res.json();
});
afterAll(() => store.close());

/** Hono's `/a/:id/*` as OpenAPI's `/a/{id}/{…}`: the wildcard's name is the document's choice. */
const honoToOpenApi = (path: string) => path.replace(/:([A-Za-z_]\w*)/g, '{$1}').replace(/\*$/, '{*}');

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    const broken = { ...doc, paths: { '/x': { get: { responses: { 200: { content: {} } } } } } };
    expect((await new Validator().validate(broken as never)).valid, 'a response without a description').toBe(false);
  });

  it('describes every route of the app and no other', () => {
    const wildcardPaths = new Set(app.routes.filter((r) => r.path.endsWith('*') && r.method !== 'ALL').map((r) => r.path.slice(0, -1)));
    const inApp = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${honoToOpenApi(r.path)}`));
    const inDoc = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        // A wildcard route is documented with one path parameter for the rest of the path.
        const prefix = [...wildcardPaths].find((p) => path.startsWith(p) && /^\{[^/}]+\}$/.test(path.slice(p.length)));
        inDoc.add(`${method.toUpperCase()} ${prefix !== undefined ? `${prefix}{*}` : path}`);
      }
    }
    expect([...inApp].filter((r) => !inDoc.has(r)).sort(), 'routes the document lacks').toEqual([]);
    expect([...inDoc].filter((r) => !inApp.has(r)).sort(), 'documented routes the app lacks').toEqual([]);
  });
});

describe('pagination in the document', () => {
  type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; items?: Schema };
  type Op = { parameters?: { name: string; in: string }[]; responses: Record<string, { content?: Record<string, { schema: Schema }>; headers?: Record<string, unknown> }> };
  const components = () => (doc as unknown as { components: { schemas: Record<string, Schema> } }).components.schemas;
  const resolve = (s: Schema): Schema => (s.$ref ? resolve(components()[s.$ref.replace('#/components/schemas/', '')]) : s);
  const LIST_FIELDS = new Set(['items', 'results', 'versions']);
  /** What of a JSON answer is a list: the answer itself (an array of objects), or its `items`, `results` or `versions`. */
  const listIn = (s: Schema): string | null => {
    const r = resolve(s);
    if (r.type === 'array' && resolve(r.items ?? {}).type === 'object') return 'the answer';
    const lists = Object.entries(r.properties ?? {}).filter(([k, p]) => LIST_FIELDS.has(k) && resolve(p).type === 'array');
    return lists.length ? lists.map(([k]) => k).join(', ') : null;
  };

  it('every JSON list takes ?cursor= and says where the next page is (next_cursor, or the Link header of a bare array)', () => {
    const lists: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      const op = (ops as Record<string, Op>).get;
      const schema = op?.responses['200']?.content?.['application/json']?.schema;
      if (!op || !schema || !path.startsWith('/api/')) continue;
      const what = listIn(schema);
      // Per-year figures are a table of a few rows, not a list to walk; near-duplicates of an image are
      // bounded by the distance asked for and ordered by it (no cursor yet).
      if (!what || path === '/api/tracker/appearances/yearly' || path === '/api/images/similar') continue;
      lists.push(path);
      expect(op.parameters?.map((p) => p.name), `${path} (${what})`).toContain('cursor');
      expect(op.responses['200'].headers, `${path}: the Link header`).toHaveProperty('Link');
      const answer = resolve(schema);
      if (answer.type === 'object') expect(Object.keys(answer.properties ?? {}), path).toContain('next_cursor');
    }
    expect(lists).toEqual(expect.arrayContaining(['/api/search', '/api/events', '/api/stories', '/api/sources', '/api/sources/{slug}/articles', '/api/articles/{id}/versions', '/api/entities', '/api/saved-searches']));
  });
});

describe('GET /api', () => {
  it('lists every documented route with its curl line, as valid HTML without scripts', async () => {
    const res = await app.request('/api');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="/api/openapi.json"');
    expect(html).not.toMatch(/<script/i);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const op of Object.values(ops) as { operationId: string }[]) expect(html, path).toContain(`id="${op.operationId}"`);
    }
    expect(html).toContain("curl &#39;http://localhost/api/articles/1&#39;");
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off', 'long-title': 'off', 'void-style': 'off' } });
    const report = await validator.validateString(html);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`))).toEqual([]);
  });
});
