// Imports that fail well: a cut gzip stream, malformed CSV rows, oversize records and a mapped column that
// does not exist, each on real sample rows. Every whole record before a failure is stored.
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync, constants } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { corpusSample, tempDir } from '../../test/helpers.js';
import { openStore } from '../store/open-store.js';
import { importFile, type Rejection } from './importer.js';
import type { PresetSpec } from './presets.js';

async function importInto(db: string, file: string, spec: PresetSpec, opts: { worker?: boolean; maxRecordBytes?: number } = {}) {
  const store = await openStore(db);
  const rejections: Rejection[] = [];
  try {
    const summary = await importFile(store, file, { spec, worker: opts.worker ?? true, maxRecordBytes: opts.maxRecordBytes, onRejection: (r) => rejections.push(r) });
    return { summary, rejections };
  } finally {
    await store.close();
  }
}

const urlsStored = (db: string) => {
  const d = new Database(db, { readonly: true });
  const rows = d.prepare('SELECT url FROM article_urls ORDER BY url').all() as { url: string }[];
  d.close();
  return rows.map((r) => r.url);
};

const sample = () => readFileSync(corpusSample('kcna-co-jp-sample.jsonl'), 'utf8').trim().split('\n');
/** Sample records with CRLF in their bodies made LF: the CSV reader counts a CRLF inside a quoted field as two lines. */
const sampleRows = () =>
  sample().map((l) => {
    const r = JSON.parse(l) as Record<string, string>;
    if (typeof r.body === 'string') r.body = r.body.replace(/\r\n?/g, '\n');
    return r;
  });

/** The sample's rows under many new URLs, each with a text of its own: every line stores one URL. */
function manyRows(copies: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < copies; i++) {
    for (const line of sample()) {
      const r = JSON.parse(line) as Record<string, string>;
      if (!r.body) continue;
      r.url = r.url.replace('kcna.co.jp/', `kcna.co.jp/copy${i}/`);
      r.body = `${r.body}\nCopy ${i}.`;
      out.push(JSON.stringify(r));
    }
  }
  return out;
}

describe('a gzip stream cut short', { timeout: 120_000 }, () => {
  const lines = manyRows(60); // 1,320 lines
  const gz = gzipSync(Buffer.from(lines.join('\n') + '\n'));
  const wholeLinesIn = (cut: Buffer) => gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString().split('\n').length - 1;

  for (const [name, at, worker] of [
    ['in the middle, on the worker thread', 0.55, true],
    ['in the middle, on one thread', 0.55, false],
    ['one byte before its end', -1, true],
    ['inside the trailer', -5, true],
  ] as const) {
    it(`keeps every whole record before the cut (${name})`, async () => {
      const dir = tempDir();
      const length = at < 0 ? gz.length + at : Math.floor(gz.length * at);
      const file = join(dir, 'cut.jsonl.gz');
      writeFileSync(file, gz.subarray(0, length));
      const whole = wholeLinesIn(gz.subarray(0, length));
      const { summary } = await importInto(join(dir, 'w.db'), file, { preset: 'kcna-co-jp' }, { worker });
      expect(summary.failed?.reason).toMatch(new RegExp(`^truncated at byte ${length} \\(unexpected end of file\\)`));
      expect(summary.failed?.line).toBeUndefined();
      expect(summary.read).toBe(whole);
      // The same as importing just the whole lines before the cut.
      writeFileSync(join(dir, 'prefix.jsonl'), lines.slice(0, whole).join('\n') + '\n');
      await importInto(join(dir, 'prefix.db'), join(dir, 'prefix.jsonl'), { preset: 'kcna-co-jp' }, { worker: false });
      expect(urlsStored(join(dir, 'w.db'))).toEqual(urlsStored(join(dir, 'prefix.db')));
      expect(whole).toBeGreaterThan(0);
    });
  }

  it('imports the whole file without a word when it is not cut', async () => {
    const dir = tempDir();
    const file = join(dir, 'whole.jsonl.gz');
    writeFileSync(file, gz);
    const { summary } = await importInto(join(dir, 'w.db'), file, { preset: 'kcna-co-jp' });
    expect(summary.failed).toBeUndefined();
    expect(summary.read).toBe(lines.length);
  });

  it('drops the cut last row of a CSV file and keeps the rows before it', async () => {
    const dir = tempDir();
    const rows = manyRows(3).map((l) => JSON.parse(l) as Record<string, string>).map((r): Record<string, string> => ({ ...r, body: r.body.replace(/\r\n?/g, '\n') }));
    const csv = 'url,title,date,body\n' + rows.map((r) => [r.url, r.title, r.index_date, r.body].map((v) => `"${(v ?? '').replace(/"/g, '""')}"`).join(',')).join('\n') + '\n';
    const full = gzipSync(Buffer.from(csv));
    const file = join(dir, 'cut.csv.gz');
    writeFileSync(file, full.subarray(0, full.length - 200));
    const { summary } = await importInto(join(dir, 'w.db'), file, { map: {} }, { worker: false });
    expect(summary.failed?.reason).toMatch(/^truncated at byte/);
    const stored = urlsStored(join(dir, 'w.db'));
    expect(stored.length).toBe(summary.imported + summary.folded);
    expect(summary.read).toBeGreaterThan(rows.length - 10);
    expect(summary.read).toBeLessThan(rows.length);
    // What was stored is what the rows read before the cut hold.
    const readUrls = new Set(rows.slice(0, summary.read).map((r) => r.url));
    expect(stored.every((u) => readUrls.has(u))).toBe(true);
    expect(stored).not.toContain(rows[rows.length - 1].url);
  });
});

describe('malformed CSV rows', { timeout: 60_000 }, () => {
  const rows = sampleRows().filter((r) => r.body?.trim().length > 100);
  const row = (r: Record<string, string>) => [r.url, r.title, r.index_date, r.body].map((v) => `"${(v ?? '').replace(/"/g, '""')}"`).join(',');
  const header = 'url,title,date,body';

  it('rejects a row with the wrong number of fields at its line and goes on; a stray quote is read as text', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.csv');
    const lines = [header, row(rows[0]), `${rows[1].url},"${rows[1].title}"`, row(rows[2]), `${rows[3].url},Say "Juche" twice,1997-05-04,Body with "quotes" in it and words enough to keep.`, row(rows[4])];
    writeFileSync(file, lines.join('\n') + '\n');
    for (const worker of [true, false]) {
      const { summary, rejections } = await importInto(join(dir, `w${worker}.db`), file, { map: {} }, { worker });
      const at = 2 + row(rows[0]).split('\n').length;
      expect(rejections.map((r) => `${r.line}: ${r.reason}`)).toEqual([expect.stringMatching(new RegExp(`^${at}: bad CSV: .*columns length is 4, got 2`))]);
      expect(summary.failed).toBeUndefined();
      expect(urlsStored(join(dir, `w${worker}.db`))).toEqual([rows[0].url, rows[2].url, rows[3].url, rows[4].url].sort());
    }
  });

  it('stops at the row whose quote is never closed, keeping the rows before it', async () => {
    const dir = tempDir();
    const file = join(dir, 'open.csv');
    const rowLines = row(rows[0]).split('\n').length + row(rows[1]).split('\n').length;
    writeFileSync(file, [header, row(rows[0]), row(rows[1]), `${rows[2].url},"never closed,1997-05-04,body`, 'http://x.example/9,Plain,1997-05-04,plain body'].join('\n') + '\n');
    const { summary, rejections } = await importInto(join(dir, 'w.db'), file, { map: {} });
    expect(summary.failed).toMatchObject({ line: 2 + rowLines, reason: expect.stringMatching(/quote .* never closed/) });
    expect(urlsStored(join(dir, 'w.db'))).toEqual([rows[0].url, rows[1].url].sort());
  });
});

describe('oversize records', { timeout: 60_000 }, () => {
  it('rejects a JSONL line over the limit with its size and line, and goes on with the next line', async () => {
    const dir = tempDir();
    const lines = sample();
    const big = JSON.parse(lines[0]) as Record<string, string>;
    big.url = 'http://kcna.co.jp/huge.htm';
    big.body = 'word '.repeat(300_000);
    const bigLine = JSON.stringify(big);
    const file = join(dir, 'big.jsonl');
    writeFileSync(file, [lines[0], bigLine, ...lines.slice(1)].join('\n') + '\n');
    for (const worker of [true, false]) {
      const db = join(dir, `w${worker}.db`);
      const { summary, rejections } = await importInto(db, file, { preset: 'kcna-co-jp' }, { worker, maxRecordBytes: 1_000_000 });
      expect(rejections[0]).toMatchObject({ line: 2, reason: `record of ${Buffer.byteLength(bigLine)} bytes over the limit of 1000000 (--max-record-bytes)` });
      expect(summary.rejectedByReason['record over the size limit']).toBe(1);
      expect(summary).toMatchObject({ read: 26, imported: 19 });
      expect(urlsStored(db)).not.toContain(big.url);
    }
  });

  it('rejects an oversize CSV row and reads on', async () => {
    const dir = tempDir();
    const rows = sampleRows().filter((r) => r.body?.trim().length > 100 && r.body.length < 4000);
    const file = join(dir, 'big.csv');
    const line = (url: string, body: string) => `${url},Title,1997-05-04,"${body.replace(/"/g, '""')}"`;
    writeFileSync(file, ['url,title,date,body', line(rows[0].url, rows[0].body), line('http://x.example/huge', 'w '.repeat(5000)), line(rows[1].url, rows[1].body)].join('\n') + '\n');
    const { rejections } = await importInto(join(dir, 'w.db'), file, { map: {} }, { maxRecordBytes: 5000 });
    expect(rejections.map((r) => r.line)).toEqual([2 + rows[0].body.split('\n').length]);
    expect(rejections[0].reason).toMatch(/^record of \d+ bytes over the limit of 5000 \(--max-record-bytes\)$/);
    expect(urlsStored(join(dir, 'w.db'))).toEqual([rows[0].url, rows[1].url].sort());
  });
});

describe('a CSV record too large to hold', { timeout: 60_000 }, () => {
  it('stops the reading at its line, keeping the rows before it', async () => {
    const dir = tempDir();
    const file = join(dir, 'huge.csv');
    const ok = (i: number) => `http://x.example/${i},Title ${i},1997-05-04,"The delegation left here today after a visit number ${i}."`;
    writeFileSync(file, ['url,title,date,body', ok(1), ok(2), `http://x.example/huge,T,1997-05-04,"${'w '.repeat(20_000)}"`, ok(3)].join('\n') + '\n');
    const { summary } = await importInto(join(dir, 'w.db'), file, { map: {} }, { maxRecordBytes: 1000 });
    expect(summary.failed).toMatchObject({ line: 4, reason: expect.stringMatching(/^record over the limit of 16000 bytes \(--max-record-bytes\): a CSV record this large stops the import/) });
    expect(urlsStored(join(dir, 'w.db'))).toEqual(['http://x.example/1', 'http://x.example/2']);
  });
});

describe('a mapped column that does not exist', () => {
  it('is an error before anything is stored, naming the columns there are (JSONL and CSV)', async () => {
    const dir = tempDir();
    const db = join(dir, 'w.db');
    await expect(importInto(db, corpusSample('kcna-co-jp-sample.jsonl'), { map: { body: 'text' } })).rejects.toThrow(
      /--map body=text: no such column; the first record \(line 1\) has: source, index_date, index_url, url, title, lang_from_url, body/,
    );
    const csv = join(dir, 'a.csv');
    writeFileSync(csv, 'link,headline,story\nhttp://x.example/1,T,"Some text"\n');
    await expect(importInto(db, csv, { map: { url: 'link', body: 'text' } })).rejects.toThrow(/--map body=text: no such column; the CSV header has: link, headline, story/);
    expect(urlsStored(db)).toEqual([]);
  });
});
