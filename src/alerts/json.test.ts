import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import { testBackends } from '../testing/backends.js';
import { alertsOf } from './attach.js';
import { savedSearchJson } from './json.js';

describe.each(testBackends())('saved search JSON ($name)', (backend) => {
  afterAll(() => backend.cleanup());

  it('gives the feed addresses with the token only when asked (paths without an origin, as `watch add --json` without WIREWATCH_BASE_URL)', async () => {
    const store = await openStore(await backend.location());
    const s = await alertsOf(store).searches.create({ name: 'Farms', query: 'farm' }, null);
    expect(savedSearchJson(s)).not.toHaveProperty('feed');
    expect(savedSearchJson(s, { secret: true, feedOrigin: '' }).feed).toEqual({
      atom: `/feeds/saved/${s.id}.atom?token=${s.feedToken}`,
      rss: `/feeds/saved/${s.id}.rss?token=${s.feedToken}`,
      json: `/feeds/saved/${s.id}.json?token=${s.feedToken}`,
    });
    expect(savedSearchJson(s, { feedOrigin: 'https://archive.example/' }).feed?.atom).toBe(`https://archive.example/feeds/saved/${s.id}.atom?token=${s.feedToken}`);
    await store.close();
  });
});
