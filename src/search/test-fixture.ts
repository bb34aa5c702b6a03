// Test fixture: an archive holding the search samples (testdata/search), plus the same articles as the
// brute-force reference sees them. SQLite in memory by default; any location openStore takes (a
// postgres:// URL from testBackends()) for the compliance suite.
import { fileURLToPath } from 'node:url';
import { importFile } from '../import/importer.js';
import { openStore, openSqliteStore } from '../store/open-store.js';
import { PostgresStore } from '../store/postgres/pg-store.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { searchOf } from './attach.js';
import type { SearchEngine } from './engine/search-engine.js';
import type { RefDoc } from './match.js';
import type { SqliteSearch } from './sqlite/sqlite-search.js';
import { tokenize } from './text/tokens.js';

export const EN_SAMPLE = fileURLToPath(new URL('../../testdata/search/kcna-co-jp-sample.jsonl.gz', import.meta.url));
export const KO_SAMPLE = fileURLToPath(new URL('../../testdata/search/kcna-kp-ko-sample.jsonl.gz', import.meta.url));

type Docs = (RefDoc & { titleText: string; bodyText: string })[];

export interface Fixture {
  store: SqliteStore;
  search: SqliteSearch;
  docs: Docs;
}

/** The samples in a SQLite archive (in memory unless a path is given). */
export async function searchFixture(path = ':memory:'): Promise<Fixture> {
  const store = await openSqliteStore(path);
  await importSamples(store);
  return { store, search: searchOf(store) as SqliteSearch, docs: await referenceDocs(store) };
}

export interface AnyFixture {
  store: Store;
  search: SearchEngine;
  docs: Docs;
}

/** The samples in an archive on either backend (a SQLite path or a postgres:// URL). */
export async function searchFixtureAt(location: string): Promise<AnyFixture> {
  const store = await openStore(location);
  await importSamples(store);
  return { store, search: searchOf(store) as SearchEngine, docs: await referenceDocs(store) };
}

async function importSamples(store: Store): Promise<void> {
  await importFile(store, EN_SAMPLE, { spec: { preset: 'kcna-co-jp' }, worker: false });
  await importFile(store, KO_SAMPLE, { spec: { preset: 'nkarchive-ko' }, worker: false });
}

const DOCS_SQL = 'SELECT a.id, a.title, a.body, a.lang, a.published, s.slug FROM articles a JOIN sources s ON s.id = a.source_id ORDER BY a.id';

export async function referenceDocs(store: Store): Promise<Docs> {
  const rows = (
    store instanceof PostgresStore ? (await store.pool.query(DOCS_SQL)).rows.map((r) => ({ ...r, id: Number(r.id) })) : (store as SqliteStore).raw.prepare(DOCS_SQL).all()
  ) as { id: number; title: string; body: string; lang: string; published: string; slug: string }[];
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
