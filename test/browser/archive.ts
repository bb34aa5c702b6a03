import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { importFile } from '../../src/import/importer.js';
import { openSqliteStore } from '../../src/store/open-store.js';
import type { SqliteStore } from '../../src/store/sqlite-store.js';

// Paths worked out here rather than taken from ../helpers.js, which registers vitest hooks on import.
const TESTDATA = fileURLToPath(new URL('../../testdata/', import.meta.url));
const ENGLISH_SAMPLE = join(TESTDATA, 'corpus', 'kcna-co-jp-sample.jsonl');
/** Korean articles of KCNA (the search sample: many name 김정은). */
const KOREAN_SAMPLE = join(TESTDATA, 'search', 'kcna-kp-ko-sample.jsonl.gz');
/** An English and a Korean article (the Korean one names 김정은) given an earlier version. */
const EDITED = {
  en: 'http://kcna.co.jp/item/2004/200401/news01/01.htm#3',
  ko: 'http://www.kcna.kp/kp/article/detail/8628782dff35bde413047df00367c329',
};
export const PASSWORD = 'a-long-browser-password';
export const USERS = { reader: 'rita', editor: 'eddie', admin: 'ada' } as const;
/** Names on the review list (none in the gazetteer), as the candidate scan records a name written after a title. */
export const CANDIDATES = ['Jo Se Ung', 'So Chol Jin', 'Yun Tae Hyok', 'Mun Kyong Dok'] as const;

export interface JourneyArchive {
  store: SqliteStore;
  /** The English and the Korean article edited once (an older version is stored). */
  edited: { en: number; ko: number };
}

/** Every line of a JSONL file (gzipped or not) as a record. */
function records(path: string): Record<string, string>[] {
  const raw = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

/** The same texts under a second outlet's addresses: each reprint is its own article, and with its original a story. */
function writeReprints(dir: string, files: string[]): string {
  const lines = files.flatMap(records).map((r) =>
    JSON.stringify({ url: r.url.replace(/^https?:\/\/[^/]+\//, 'http://reprints.example/'), title: r.title, body: r.body, date: r.index_date ?? r.date, lang: r.lang }),
  );
  const file = join(dir, 'reprints.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/**
 * A small archive with what the pages show: English and Korean articles from two KCNA samples, their
 * reprints by a second outlet (stories), an English and a Korean article edited once (versions), the
 * entities found on import, names awaiting review, one user of each role, and API tokens.
 */
export async function buildJourneyArchive(dir: string): Promise<JourneyArchive> {
  const store = await openSqliteStore(join(dir, 'journey.db'));
  await importFile(store, ENGLISH_SAMPLE, { spec: { preset: 'kcna-co-jp' }, worker: false });
  await importFile(store, KOREAN_SAMPLE, { spec: { preset: 'nkarchive-ko' }, worker: false });
  await importFile(store, writeReprints(dir, [ENGLISH_SAMPLE, KOREAN_SAMPLE]), { spec: { map: {}, source: 'Reprints' }, worker: false });

  const edited = {
    en: await editOnce(store, EDITED.en, { title: 'Floral Basket to Cuban Embassy', lastWord: '29' }),
    ko: await editOnce(store, EDITED.ko, { title: '백살장수자가 생일상을 받아안았다', lastWord: '보내였다.' }),
  };
  const candidate = store.raw.prepare('INSERT INTO entity_candidates (name, articles, first_article, last_article, context) VALUES (?, 3, 1, 2, ?)');
  for (const name of CANDIDATES) candidate.run(name, `Vice-Premier ${name}`);
  for (const [role, name] of Object.entries(USERS)) await store.accounts.addUser(name, role as keyof typeof USERS, PASSWORD);
  // API tokens for the admin page to list and revoke: one per width, and one left over.
  for (const scope of ['read', 'write', 'write'] as const) await store.accounts.addToken(USERS.editor, scope);
  return { store, edited };
}

/** Stores an earlier version of an article: another title, and its last paragraph ending in another word. */
async function editOnce(store: SqliteStore, url: string, older: { title: string; lastWord: string }): Promise<number> {
  const id = (await store.findArticleIdByUrl(url))!;
  const { body } = store.raw.prepare('SELECT body FROM articles WHERE id = ?').get(id) as { body: string };
  const paragraphs = body.split('\n');
  paragraphs.push(paragraphs.pop()!.replace(/\S+$/, older.lastWord));
  store.raw
    .prepare('INSERT INTO versions (article_id, title, body, content_hash, seen_at) VALUES (?, ?, ?, ?, ?)')
    .run(id, older.title, paragraphs.join('\n'), `older-${id}`, '2001-01-01T00:00:00Z');
  return id;
}
