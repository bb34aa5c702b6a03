// Test fixture: an in-memory archive holding the search samples (testdata/search), plus the same
// articles as the brute-force reference sees them.
import { fileURLToPath } from 'node:url';
import { importFile } from '../import/importer.js';
import { openStore } from '../store/open-store.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { searchOf } from './attach.js';
import type { RefDoc } from './match.js';
import type { SqliteSearch } from './sqlite/sqlite-search.js';
import { tokenize } from './text/tokens.js';

export const EN_SAMPLE = fileURLToPath(new URL('../../testdata/search/kcna-co-jp-sample.jsonl.gz', import.meta.url));
export const KO_SAMPLE = fileURLToPath(new URL('../../testdata/search/kcna-kp-ko-sample.jsonl.gz', import.meta.url));

export interface Fixture {
  store: SqliteStore;
  search: SqliteSearch;
  docs: (RefDoc & { titleText: string; bodyText: string })[];
}

export async function searchFixture(path = ':memory:'): Promise<Fixture> {
  const store = await openStore(path);
  await importFile(store, EN_SAMPLE, { spec: { preset: 'kcna-co-jp' }, worker: false });
  await importFile(store, KO_SAMPLE, { spec: { preset: 'nkarchive-ko' }, worker: false });
  const search = searchOf(store) as SqliteSearch;
  return { store, search, docs: referenceDocs(store) };
}

export function referenceDocs(store: SqliteStore): Fixture['docs'] {
  const rows = store.raw
    .prepare('SELECT a.id, a.title, a.body, a.lang, a.published, s.slug FROM articles a JOIN sources s ON s.id = a.source_id ORDER BY a.id')
    .all() as { id: number; title: string; body: string; lang: string; published: string; slug: string }[];
  return rows.map((r) => ({
    id: r.id,
    title: tokenize(r.title),
    body: tokenize(r.body),
    titleText: r.title,
    bodyText: r.body,
    source: r.slug,
    lang: r.lang,
    published: r.published,
  }));
}

/** Every chunk of a stream, in order. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of stream) out.push(x);
  return out;
}
