import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusSample, tempDir } from '../../../test/helpers.js';
import { importFile } from '../../import/importer.js';
import { openSqliteStore } from '../../store/open-store.js';
import type { SqliteStore } from '../../store/sqlite-store.js';
import { createApp } from '../app.js';
import { dailyCoverage } from './health-page.js';

let store: SqliteStore;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  store = await openSqliteStore(join(tempDir(), 'health.db'));
  await importFile(store, corpusSample('kcna-kp-en-sample.jsonl'), { spec: { preset: 'kcna-kp-stiles' }, worker: false });
  app = createApp(store);
});
afterAll(async () => store.close());

describe('source health chart: no data is not zero', () => {
  it('marks days with neither articles nor a fetch as no data, and short runs between data days as covered', () => {
    const daily = ['2024-09-01', '2024-09-02', '2024-09-03', '2024-09-04', '2024-09-05', '2024-09-06'].map((day) => ({ day, count: day === '2024-09-01' ? 4 : 0 }));
    expect(dailyCoverage(daily, ['2024-09-01', '2024-09-03'])).toEqual([true, true, true, false, false, false]);
  });
  it('draws an imported source whose articles are older than the chart as no data, in the page and the API', async () => {
    const slug = (await store.listSources())[0].slug;
    const page = await (await app.request(`/sources/${slug}/health`)).text();
    expect(page).toContain('no data: 31 of 31 days');
    const h = (await (await app.request(`/api/sources/${slug}/health`)).json()) as { daily: { day: string; count: number; data: boolean }[]; daysWithoutData: string[] };
    expect(h.daysWithoutData).toHaveLength(31);
    expect(h.daily.every((d) => d.count === 0 && d.data === false)).toBe(true);
    expect(await store.sourceDataDays(slug, '2024-01-01', '2024-12-31')).toContain('2024-09-09');
  });
});
