import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { awkwardChar, awkwardText, FUZZ_TIMEOUT_MS, fuzzParams } from '../testing/fuzz.js';
import { prepareBatch, type ReadBatch } from './prepare.js';
import { PRESETS, resolvePreset } from './presets.js';
import { readRecords, type SourceRecord } from './read-records.js';
import { splitLines } from './split-lines.js';

async function readAll(file: string, maxRecordBytes?: number): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of readRecords(file, { maxRecordBytes }).records) out.push(r);
  return out;
}

/** What every reading gives: records in line order, each a value or an error, a fatal one only last. */
function checkShape(records: SourceRecord[]): void {
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (i > 0) expect(r.line).toBeGreaterThan(records[i - 1].line);
    expect(r.value === null ? typeof r.error : typeof r.value).toBe(r.value === null ? 'string' : 'object');
    if (r.fatal) expect(i).toBe(records.length - 1);
  }
}

let files = 0;
function write(dir: string, name: string, bytes: Buffer | string): string {
  const file = join(dir, `${files++}-${name}`);
  writeFileSync(file, bytes);
  return file;
}

/** Strings records carry: Hangul, controls, quotes, separators, line breaks, lone surrogates, emoji. */
const field = fc.array(fc.oneof(awkwardChar, fc.constantFrom('"', ',', '\n', '\r\n', '\t', '\\', '{', '}', 'Pyongyang'), fc.string({ maxLength: 4 })), { maxLength: 10 }).map((ps) => ps.join(''));
const record = fc.dictionary(fc.constantFrom('url', 'title', 'body', 'index_date', 'link', 'headline', 'story_text', 'date_str', 'content'), fc.oneof(field, fc.integer(), fc.array(field, { maxLength: 3 }), fc.constant(null)), { maxKeys: 6 });

describe('readRecords on any bytes', () => {
  it('never throws; records come in line order, each a value or an error, a fatal one only last', async () => {
    const dir = tempDir();
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)),
      awkwardText(80).map((s) => Buffer.from(s)),
      fc.array(fc.oneof(record.map((r) => JSON.stringify(r)), awkwardText(20), fc.constantFrom('', '{', '[1]', 'null', '"x"', '{"a":"\u0001"}')), { maxLength: 8 }).map((ls) => Buffer.from(ls.join('\n'))),
    );
    await fc.assert(
      fc.asyncProperty(bytes, fc.constantFrom('x.jsonl', 'x.csv', 'x.jsonl.gz', 'x.csv.gz'), fc.boolean(), fc.integer({ min: 1, max: 400 }), async (raw, name, gzipped, max) => {
        const records = await readAll(write(dir, name, gzipped ? gzipSync(raw) : raw), max);
        checkShape(records);
      }),
      fuzzParams(200),
    );
  }, FUZZ_TIMEOUT_MS);

  it('reads back JSONL records as written, LF or CRLF, gzipped or not', async () => {
    const dir = tempDir();
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), async (recs, eol, gzipped) => {
        const text = recs.map((r) => JSON.stringify(r)).join(eol) + eol;
        const got = await readAll(write(dir, 'r.jsonl', gzipped ? gzipSync(text) : text));
        // An encoded lone surrogate in the bytes is read as U+FFFD; JSON escapes keep it, and JSON.stringify escapes it.
        expect(got).toEqual(recs.map((value, i) => ({ line: i + 1, value })));
      }),
      fuzzParams(200),
    );
  }, FUZZ_TIMEOUT_MS);

  it('reads back CSV records as csv-stringify writes them', async () => {
    const dir = tempDir();
    const csvField = field.map((s) => s.replace(/[\ud800-\udfff]/g, '\ufffd').replace(/\r/g, ''));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(csvField, csvField, csvField), { minLength: 1, maxLength: 6 }), async (rows) => {
        const text = stringify([['url', 'title', 'body'], ...rows]);
        const got = await readAll(write(dir, 'r.csv', text));
        expect(got.map((r) => r.value)).toEqual(rows.map(([url, title, body]) => ({ url, title, body })));
      }),
      fuzzParams(200),
    );
  }, FUZZ_TIMEOUT_MS);

  it('keeps every whole record of a gzip cut anywhere, then one fatal record saying where', async () => {
    const dir = tempDir();
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 6 }), fc.double({ min: 0, max: 1, noNaN: true }), async (recs, at) => {
        const gz = gzipSync(recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
        const cut = gz.subarray(0, Math.min(gz.length - 1, Math.floor(at * gz.length)));
        const got = await readAll(write(dir, 'cut.jsonl.gz', cut));
        checkShape(got);
        if (cut.length < 2) return; // too short to be known as gzip: read as bytes
        const last = got.at(-1)!;
        expect(last.fatal).toBe('file');
        expect(got.slice(0, -1)).toEqual(recs.slice(0, got.length - 1).map((value, i) => ({ line: i + 1, value })));
      }),
      fuzzParams(200),
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('splitLines', () => {
  it('joins back to the bytes it read (LF endings), for any bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 30 }), { maxLength: 6 }), async (chunks) => {
        const bytes = Buffer.concat(chunks.map((c) => Buffer.from(c)));
        const lines: string[] = [];
        for await (const l of splitLines(Readable.from(chunks.map((c) => Buffer.from(c))))) lines.push(l as string);
        // A CR before a line's end goes with it, as does one ending the last line.
        const text = bytes.toString('utf8').replace(/\r\n/g, '\n').replace(/\n$/, '').replace(/\r$/, '');
        // Chunk cuts never change the decoding (a character split across chunks is whole in its line).
        expect(lines.join('\n')).toBe(bytes.length === 0 ? '' : text);
      }),
      fuzzParams(300),
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('a CSV record too large to parse', () => {
  it('ends the reading with the fatal record last (records after it were still read)', async () => {
    const dir = tempDir();
    const file = write(dir, 'big.csv', `url,body\nhttp://a/1,${'x'.repeat(40)}\nhttp://a/2,short\n`);
    const got = await readAll(file, 2);
    expect(got.map((r) => [r.line, r.fatal ?? null])).toEqual([[2, 'line']]);
  });

  it('keeps the counterexample fuzzing found: a record after the fatal one', async () => {
    const dir = tempDir();
    const bytes = Buffer.from('\n{}\n{"url":"가     "}\n"x"');
    const got = await readAll(write(dir, 'found.csv', bytes), 1);
    checkShape(got);
    expect(got.at(-1)?.fatal).toBe('line');
  });
});

describe('prepareBatch', () => {
  it('gives every record of every preset an article or a reason, never an exception', () => {
    const presets = [...Object.keys(PRESETS).map((preset) => resolvePreset({ preset })), resolvePreset({ map: { url: 'u', title: 't', body: 'b', date: 'd' }, source: 'mapped' })];
    const anyRecord = fc.dictionary(fc.oneof(fc.constantFrom('url', 'link', 'u', 'title', 'headline', 't', 'body', 'story_text', 'content', 'b', 'index_date', 'date_str', 'd', 'dateScraped', 'commit_time', 'date'), fc.string({ maxLength: 6 })), fc.oneof(field, fc.constantFrom('http://kcna.co.jp/item/2004/200405/news05/04.htm', 'Juche113.5.4', '2024-05-04', 'http://[::1', ''), fc.integer(), fc.array(field, { maxLength: 3 }), fc.constant(null), fc.object({ maxDepth: 2 })), { maxKeys: 8 });
    fc.assert(
      fc.property(fc.array(anyRecord, { maxLength: 5 }), fc.constantFrom(...presets), (values, preset) => {
        const batch: ReadBatch = { records: values.map((value, i) => ({ line: i + 1, value })), read: values.length, bytes: 0, size: 0, importedAt: '2024-05-04T00:00:00.000Z' };
        for (const r of prepareBatch(batch, preset).records) {
          if (r.ok) {
            expect(r.article.paragraphs.length).toBeGreaterThan(0);
            expect(r.article.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          } else expect(typeof r.reason).toBe('string');
        }
      }),
      fuzzParams(300),
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('import on large adversarial files', () => {
  it('a gzipped line of 256 MiB is rejected as over the limit, with bounded memory and time', async () => {
    const dir = tempDir();
    const file = join(dir, 'bomb.jsonl.gz');
    const chunk = Buffer.alloc(1 << 20, 'a');
    await pipeline(Readable.from((function* () { for (let i = 0; i < 256; i++) yield chunk; })()), createGzip({ level: 1 }), createWriteStream(file));
    const rss = process.memoryUsage().rss;
    let peak = rss;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const started = performance.now();
    try {
      const got = await readAll(file, 1 << 20);
      expect(got).toEqual([{ line: 1, value: null, error: `record of ${256 << 20} bytes over the limit of ${1 << 20} (--max-record-bytes)` }]);
    } finally {
      clearInterval(sample);
    }
    expect(performance.now() - started).toBeLessThan(20_000);
    expect((peak - rss) / (1 << 20)).toBeLessThan(128);
  }, FUZZ_TIMEOUT_MS);
});
