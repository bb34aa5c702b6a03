import { parse } from 'csv-parse/sync';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusSample, tempDir } from '../../test/helpers.js';
import { importFile } from '../import/importer.js';
import { searchOf } from '../search/attach.js';
import { collect } from '../search/test-fixture.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { editsFixture, type EditsFixture } from '../versions/edits-fixture.js';
import { csvLine } from './csv-line.js';
import { csvRecordLine } from './csv-record.js';
import { CSV_COLUMNS, csvCells, LIST_SEPARATOR, type ExportRecord, type ExportVersion } from './export-record.js';
import { sqliteArticleChunks } from './sqlite-article-chunks.js';
import { DUMP_FORMATS, writeDump, type DumpFormatName } from './write-export.js';

let store: SqliteStore;
let ids: EditsFixture['ids'];
const FORMULA = '=HYPERLINK("http://evil.example","click")';

beforeAll(async () => {
  // Versions (edited texts), copies under several URLs, English and Korean samples.
  ({ store, ids } = await editsFixture(join(tempDir(), 'export.db')));
  await importFile(store, corpusSample('kcna-kp-en-copies.jsonl'), { spec: { preset: 'kcna-kp-stiles' }, worker: false });
  await importFile(store, corpusSample('kcna-co-jp-sample.jsonl'), { spec: { preset: 'kcna-co-jp' }, worker: false });
  await importFile(store, corpusSample('nkarchive-ko-sample.jsonl'), { spec: { preset: 'nkarchive-ko' }, worker: false });
  store.raw.prepare('UPDATE articles SET title = ? WHERE id = ?').run(FORMULA, ids.choeMeets);
  // Two articles reported as one story (the samples are too few for the clustering to join any).
  store.raw.prepare("INSERT OR REPLACE INTO story_members (article_id, story_id, how) VALUES (?, 4242, 'test'), (?, 4242, 'test')").run(ids.gala, ids.minister);
}, 120_000);
afterAll(async () => {
  await store.close();
});

async function dump(format: DumpFormatName, opts: { bom?: boolean; ids?: number[]; versions?: 'count' | 'full'; chunkSize?: number } = {}): Promise<string> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (b: Buffer) => parts.push(b));
  const f = DUMP_FORMATS[format];
  await writeDump(sqliteArticleChunks(store.raw, { ids: opts.ids, versions: opts.versions, chunkSize: opts.chunkSize ?? 7, paragraphs: f.paragraphs }), f, out, { bom: opts.bom });
  return Buffer.concat(parts).toString('utf8');
}

const jsonl = (text: string) => text.trim().split('\n').map((l) => JSON.parse(l) as ExportRecord);
const allIds = () => (store.raw.prepare('SELECT id FROM articles ORDER BY id').all() as { id: number }[]).map((r) => r.id);

describe('whole-archive dumps', () => {
  it('JSON lines: every article once, in id order, with every field the article API gives', async () => {
    const records = jsonl(await dump('jsonl'));
    expect(records.map((r) => r.id)).toEqual(allIds());
    for (const r of records) expect(Object.keys(r).sort()).toEqual([...CSV_COLUMNS].sort());
    for (const r of records.slice(0, 5)) {
      const a = (await store.getArticle(r.id))!;
      expect(r).toMatchObject({ url: a.url, source: a.sourceSlug, title: a.title, body: a.body, published: a.published, status: a.status, aliases: a.aliases, copies: a.copies, versions: a.versions, damaged: a.damaged });
    }
  });

  it('gives URL aliases, story ids, version counts and entities from their tables', async () => {
    const records = jsonl(await dump('jsonl'));
    const copies = records.filter((r) => r.copies.length > 0);
    expect(copies.length).toBeGreaterThan(0);
    expect(records.find((r) => r.id === ids.gala)!.versions).toBe(2);
    const stories = new Map((store.raw.prepare('SELECT article_id, story_id FROM story_members').all() as { article_id: number; story_id: number }[]).map((m) => [m.article_id, m.story_id]));
    for (const r of records) expect(r.storyId).toBe(stories.get(r.id) ?? null);
    const mentions = (store.raw.prepare('SELECT entity_id FROM entity_mentions WHERE article_id = ? ORDER BY entity_id').all(ids.minister) as { entity_id: string }[]).map((m) => m.entity_id);
    expect(mentions.length).toBeGreaterThan(0);
    expect(records.find((r) => r.id === ids.minister)!.entities).toEqual(mentions);
  });

  it('with versions full: every version with its text, numbered as the versions page numbers them', async () => {
    const records = jsonl(await dump('jsonl', { versions: 'full' }));
    const korean = records.find((r) => r.id === ids.korean)!.versions as ExportVersion[];
    const page = await store.crawl.versions(ids.korean);
    expect(korean.map((v) => [v.n, v.seenAt, v.title, v.body, v.current])).toEqual(page.map((v) => [v.n, v.seenAt, v.title, v.body, v.current]));
    expect(korean[0].body.join('\n')).toContain('최창학');
    expect(korean[1].body.join('\n')).not.toContain('최창학');
  });

  it('CSV parses back to the same values, Korean text intact, formula cells neutralized', async () => {
    const text = await dump('csv');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    const records = jsonl(await dump('jsonl'));
    expect(rows).toHaveLength(records.length);
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
    for (const [i, r] of records.entries()) {
      const row = rows[i];
      expect(Number(row.id)).toBe(r.id);
      expect(row.url).toBe(r.url);
      expect(row.body).toBe(r.body.join('\n').replace(/^[=+\-@\t\r]/, "'$&"));
      expect(row.aliases).toBe(r.aliases.join(LIST_SEPARATOR));
      expect(row.entities).toBe(r.entities.join(LIST_SEPARATOR));
      expect(Number(row.versions)).toBe(r.versions);
      expect(row.storyId).toBe(r.storyId === null ? '' : String(r.storyId));
      expect(row.damaged).toBe(String(r.damaged));
      if (r.id !== ids.choeMeets) expect(row.title).toBe(r.title);
    }
    expect(rows.find((r) => Number(r.id) === ids.choeMeets)!.title).toBe(`'${FORMULA}`);
    const korean = records.find((r) => r.lang === 'ko')!;
    expect(rows.find((r) => Number(r.id) === korean.id)!.title).toBe(korean.title);
    expect(korean.title).toMatch(/[\uac00-\ud7a3]/);
  });

  it("CSV lines written field by field are the generic cells' bytes, whatever a cell starts with or holds", async () => {
    const records = [...sqliteArticleChunks(store.raw, { paragraphs: false })].flat();
    const awkward = ['', '=1+1', '+x', '-3', '@a', '\tt', '\rr', 'a,b', 'say "hi"', 'two\nlines', 'cr\rlf\r\n', '"', "'", '한국어, "따옴표"'];
    for (const [i, text] of awkward.entries()) {
      const r = records[i % records.length];
      records.push({ ...r, url: text, title: text, sourceName: text, publishedAt: i % 2 ? null : text, removedAt: text, listingDate: null, aliases: [text, 'b'], copies: i % 2 ? [] : [text], entities: [text], body: [text], duplicateOf: -i, storyId: i % 3 ? null : i });
    }
    const full = [...sqliteArticleChunks(store.raw, { versions: 'full' })].flat();
    for (const r of [...records, ...full]) expect(csvRecordLine(r)).toBe(csvLine(csvCells(r)));
  });

  it('--bom starts the CSV with a UTF-8 byte order mark', async () => {
    const text = await dump('csv', { bom: true });
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(parse(text, { columns: true, bom: true })).toHaveLength(allIds().length);
  });

  it('a query exports only its matches, in id order, whatever the chunk size', async () => {
    const matches = (await collect(searchOf(store).stream('korea', 'newest'))).flat().map((h) => h.id);
    expect(matches.length).toBeGreaterThan(0);
    expect(matches.length).toBeLessThan(allIds().length);
    for (const chunkSize of [1, 3, 1000]) {
      expect(jsonl(await dump('jsonl', { ids: matches, chunkSize })).map((r) => r.id)).toEqual([...matches].sort((a, b) => a - b));
    }
  });

  it('an empty archive or query gives the CSV header alone and no JSON lines', async () => {
    expect(await dump('jsonl', { ids: [] })).toBe('');
    expect((await dump('csv', { ids: [] })).trim()).toBe(CSV_COLUMNS.join(','));
  });

  it('waits for a slow output: one chunk in flight at a time', async () => {
    let taken = 0;
    const slow = new Writable({
      highWaterMark: 16,
      write(_chunk, _enc, done) {
        taken++;
        setTimeout(done, 1);
      },
    });
    const written = await writeDump(sqliteArticleChunks(store.raw, { chunkSize: 5 }), DUMP_FORMATS.jsonl, slow);
    expect(written).toBe(allIds().length);
    expect(taken).toBeGreaterThan(1);
  });
});
