import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeSnippet } from '../search/backend.js';
import { editsFixture, type EditsFixture } from '../versions/edits-fixture.js';
import { createApp } from './app.js';

let f: EditsFixture;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  f = await editsFixture();
  app = createApp(f.store);
});
afterAll(() => f.store.close());

describe('removed: and added: on the search page and in /api/search (real kcna.kp edits)', () => {
  it('the page shows the change under the hit, linked to that comparison, with no inline style', async () => {
    const res = await app.request(`/search?q=${encodeURIComponent('removed:"Choe Ryong Hae"')}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`href="/articles/${f.ids.gala}/versions?from=1&amp;to=2"`);
    expect(html).toContain('<del> and <mark>Choe Ryong Hae</mark>, members</del>');
    expect(html).toContain('<ins>, member</ins>');
    expect(html).not.toMatch(/ style="/);
  });

  it('the JSON carries the change of each hit', async () => {
    const res = await app.request(`/api/search?q=${encodeURIComponent('added:"Choe Ryong Hae" OR removed:"Choe Ryong Hae"')}`);
    const body = (await res.json()) as { total: number; results: { id: number; change?: ChangeSnippet }[] };
    expect(body.total).toBe(2);
    const byId = new Map(body.results.map((r) => [r.id, r.change]));
    expect(byId.get(f.ids.gala)).toMatchObject({ version: 2, removed: ' and <mark>Choe Ryong Hae</mark>, members', added: ', member' });
    expect(byId.get(f.ids.minister)?.added).toContain('<mark>Choe Ryong Hae</mark>');
  });
});
