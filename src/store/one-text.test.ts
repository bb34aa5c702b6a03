import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusSample, tempDir } from '../../test/helpers.js';
import { importFile } from '../import/importer.js';
import { searchOf } from '../search/attach.js';
import { textKey } from '../normalize/text-key.js';
import { findCopies } from './fold-copies.js';
import { migrationProvider } from './migrations/index.js';
import { openSqliteStore, openStore } from './open-store.js';
import { testBackends } from '../testing/backends.js';

interface KcnaKpRow {
  topic: string;
  headline: string;
  link: string;
  date: number;
  story_text: string;
  date_str: string;
}

const COPIES = corpusSample('kcna-kp-en-copies.jsonl');
const rows = (): KcnaKpRow[] => readFileSync(COPIES, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as KcnaKpRow);

async function importRows(db: string, file: string) {
  const store = await openStore(db);
  const summary = await importFile(store, file, { spec: { preset: 'kcna-kp-stiles' }, worker: false });
  return { store, summary };
}

describe.each(testBackends())('one text, one article (real kcna.kp rows: one text under several category URLs; $name)', (backend) => {
  afterAll(() => backend.cleanup());

  it('stores each text once, with every URL resolving to it', async () => {
    const { store, summary } = await importRows(await backend.location(), COPIES);
    try {
      // 10 rows: one text under 5 URLs, one under 3, and two texts listed once.
      expect(summary).toMatchObject({ read: 10, imported: 4, folded: 6, foldedNear: 0, rejected: 0 });
      expect((await store.stats()).articles).toBe(4);
      expect((await store.listSources())[0].articles).toBe(4);
      const tripartite = rows().filter((r) => r.headline.startsWith('"Tripartite Cooperation"'));
      expect(tripartite).toHaveLength(5);
      const ids = await Promise.all(tripartite.map((r) => store.findArticleIdByUrl(r.link)));
      expect(new Set(ids).size).toBe(1);
      const article = (await store.getArticle(ids[0]!))!;
      expect(new Set([article.url, ...article.aliases])).toEqual(new Set(tripartite.map((r) => r.link)));
      expect(article.versions).toBe(1);
      const search = searchOf(store);
      expect((await search.search({ q: 'title:"Tripartite Cooperation"' })).total).toBe(1);
      expect((await store.stats()).duplicates).toBe(6);
      // A second run stores nothing new.
      const again = await importFile(store, COPIES, { spec: { preset: 'kcna-kp-stiles' }, worker: false });
      expect(again).toMatchObject({ imported: 0, folded: 0, merged: 10 });
    } finally {
      await store.close();
    }
  });

  it('folds a copy that differs only in boilerplate (same date and title), keeping its wording as a version', async () => {
    const dir = tempDir();
    const [first] = rows();
    const near = {
      ...first,
      topic: 'Top News',
      link: first.link.replace('.kcmsf', '0.kcmsf'),
      // A category header and a site stamp around the same text, with its spacing and quotes changed.
      story_text: `Top News\n${first.story_text.replace(/ -- /, ' - ').replace(/"/g, '“')}\nwww.kcna.kp (Juche113.8.3.)`,
    };
    // The same headline and day, one word of the text changed: another text, never folded.
    const other = { ...first, link: first.link.replace('.kcmsf', '1.kcmsf'), story_text: first.story_text.replace('Japan', 'Canada') };
    expect(other.story_text).not.toBe(first.story_text);
    const file = join(dir, 'near.jsonl');
    writeFileSync(file, [first, near, other].map((r) => JSON.stringify(r)).join('\n'));
    const { store, summary } = await importRows(await backend.location(), file);
    try {
      expect(summary).toMatchObject({ read: 3, imported: 2, folded: 1, foldedNear: 1 });
      const id = await store.findArticleIdByUrl(first.link);
      expect(await store.findArticleIdByUrl(near.link)).toBe(id);
      expect(await store.findArticleIdByUrl(other.link)).not.toBe(id);
      const article = (await store.getArticle(id!))!;
      expect(article.versions).toBe(2);
      expect(article.body.join('\n')).not.toContain('www.kcna.kp');
    } finally {
      await store.close();
    }
  });

  it('keeps stubs that many headlines share apart: "For Spanish-speaking people" under two reports is two articles', async () => {
    const store = await openStore(await backend.location());
    try {
      const summary = await importFile(store, corpusSample('kcna-co-jp-stubs.jsonl'), { spec: { preset: 'kcna-co-jp' }, worker: false });
      expect(summary).toMatchObject({ read: 2, imported: 2, folded: 0 });
    } finally {
      await store.close();
    }
  });
});

describe('one text, one article: the rule', () => {
  it('the migration folds by the same rule as the ingest path', () => {
    const row = (id: number, over: object) => ({ id, source_id: 1, text_key: 7, body_hash: 'h', published: '2024-08-03', title: 'T', body_length: 900, ...over });
    const folds = findCopies([
      row(1, {}),
      row(2, { title: 'Other title', published: '2024-08-05' }), // same body: folds
      row(3, { body_hash: 'near' }), // same key, date and title: folds
      row(4, { body_hash: 'near2', published: '2024-08-04' }), // another day: another text
      row(5, { source_id: 2 }), // another source
      row(6, { text_key: 8, body_hash: 'stub', body_length: 27, title: 'A' }),
      row(7, { text_key: 8, body_hash: 'stub', body_length: 27, title: 'B' }), // a stub under another title: kept apart
      row(8, { text_key: 8, body_hash: 'stub', body_length: 27, title: 'A' }), // the same stub and title: folds
    ]);
    expect([...folds]).toEqual([
      [2, 1],
      [3, 1],
      [8, 6],
    ]);
  });

  it('the text key ignores short lines, spacing, case and punctuation, and nothing else', () => {
    const body = ['Pyongyang, August 3 (KCNA) -- The so-called "tripartite cooperation" will hasten its ruin.', 'It is a second paragraph of real words.'];
    expect(textKey(['www.kcna.kp', ...body, '(Juche113.8.3.)'])).toBe(textKey(body));
    expect(textKey(body.map((p) => p.toUpperCase().replace(/ /g, '  ')))).toBe(textKey(body));
    expect(textKey([body[0].replace('August 3', 'August 4'), body[1]])).not.toBe(textKey(body));
    const ko = '조선로동당 중앙위원회 총비서 김정은동지께서 8월 21일 새로 건설된 공장을 현지에서 지도하시였다.';
    expect(textKey(['사진', ko, '(끝)'])).toBe(textKey([ko]));
    expect(textKey([ko.replace('21', '22')])).not.toBe(textKey([ko]));
    expect(Number.isSafeInteger(textKey(body))).toBe(true);
  });
});

describe('an archive stored before: migration 011 folds the copies it kept as articles', () => {
  it('moves URLs, captures and versions to the article, drops the copies from the indexes, loses nothing', async () => {
    const path = join(tempDir(), 'old.db');
    // The archive as it was: copies stored as articles of their own, marked duplicate_of.
    const raw = new Database(path);
    raw.function('text_key', { deterministic: true }, (body: unknown) => textKey(String(body ?? '').split('\n')));
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
    const { error } = await new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true }).migrateTo('010-count-indexes');
    expect(error).toBeUndefined();
    raw.exec(`INSERT INTO sources (id, slug, name, config, created_at) VALUES (1, 'kcna-kp-en', 'KCNA English', '{}', '2024-01-01')`);
    const insert = raw.prepare(
      `INSERT INTO articles (id, source_id, url, lang, title, published, date_precision, date_from, body, body_hash, content_hash, first_seen, last_seen, duplicate_of)
       VALUES (?, 1, ?, 'en', ?, '2024-08-03', 'day', 'listing', ?, ?, ?, ?, ?, ?)`,
    );
    const tri = rows().filter((r) => r.headline.startsWith('"Tripartite'));
    const body = tri[0].story_text.replace(/ -0-$/, '');
    tri.forEach((r, i) => {
      const id = i + 1;
      insert.run(id, r.link, 'Tripartite', body, 'h-body', `h-content-${i === 3 ? 'b' : 'a'}`, `2024-08-0${3 + i}T00:00:00Z`, `2024-08-0${3 + i}T00:00:00Z`, i === 0 ? null : 1);
      raw.prepare('INSERT INTO article_urls (url, article_id, is_canonical) VALUES (?, ?, 1)').run(r.link, id);
      raw.prepare(`INSERT INTO captures (article_id, taken_at, origin, url) VALUES (?, '2024-08-03', 'import', ?)`).run(id, r.link);
      raw.prepare('INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)').run(id, 'Tripartite', body);
      raw.prepare(`INSERT INTO entity_mentions (entity_id, article_id, count, offsets) VALUES ('kim-jong-un', ?, 1, '0-1')`).run(id);
    });
    raw.exec(`INSERT INTO stories (id, size, created_at) VALUES (1, 5, 'x')`);
    for (let id = 1; id <= 5; id++) raw.prepare(`INSERT INTO story_members (article_id, story_id, how, matched_id) VALUES (?, 1, ?, 1)`).run(id, id === 1 ? 'founder' : 'exact');
    await db.destroy();

    const store = await openSqliteStore(path);
    try {
      expect((await store.stats()).articles).toBe(1);
      for (const r of tri) expect(await store.findArticleIdByUrl(r.link)).toBe(1);
      const a = (await store.getArticle(1))!;
      expect(a.aliases).toHaveLength(4);
      expect(a.firstSeen).toBe('2024-08-03T00:00:00Z');
      expect(a.lastSeen).toBe('2024-08-07T00:00:00Z');
      // The copy with another content hash (here: another title) became a version.
      expect(a.versions).toBe(2);
      const count = (sql: string) => store.raw.prepare(sql).pluck().get();
      expect(count('SELECT count(*) FROM captures WHERE article_id = 1')).toBe(5);
      expect(count('SELECT count(*) FROM entity_mentions')).toBe(1);
      expect(count('SELECT count(*) FROM stories')).toBe(0);
      expect(count('SELECT count(*) FROM story_members')).toBe(0);
      expect(count('SELECT count(*) FROM article_urls WHERE is_copy = 1')).toBe(4);
      expect((await searchOf(store).search({ q: 'tripartite' })).total).toBe(1);
    } finally {
      await store.close();
    }
  });
});
