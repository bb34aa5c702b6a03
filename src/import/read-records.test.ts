import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { openStore } from '../store/open-store.js';
import { importFile } from './importer.js';
import { readRecords, surrogateBytes } from './read-records.js';

async function all(file: string) {
  const out = [];
  for await (const r of readRecords(file).records) out.push(r);
  return out;
}

describe('readRecords', () => {
  const text = '\uFEFF{"url":"a"}\r\n\r\n{"url":"b"}\nnot json\n["array"]\n{"url":"c"}';

  it('reads JSONL records with their line numbers, past a byte-order mark, blank lines and CRLF endings', async () => {
    const file = join(tempDir(), 'dump.jsonl');
    writeFileSync(file, text);
    const records = await all(file);
    expect(records.map((r) => [r.line, r.value?.url ?? r.error?.slice(0, 8)])).toEqual([
      [1, 'a'],
      [3, 'b'],
      [4, 'bad JSON'],
      [5, 'not a JS'],
      [6, 'c'],
    ]);
  });

  it('reads the same records from the gzipped file, whatever its name', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plain.jsonl'), text);
    writeFileSync(join(dir, 'packed.jsonl'), gzipSync(text));
    expect(await all(join(dir, 'packed.jsonl'))).toEqual(await all(join(dir, 'plain.jsonl')));
  });
});

describe('control characters and lone surrogates, JSONL or CSV', () => {
  const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
  const LONE = [0xed, 0xa0, 0x80]; // U+D800 as CESU-8 / WTF-8 write it
  const NUL = [0x00];

  it('reads an encoded lone surrogate as one U+FFFD, even split across chunks', async () => {
    const line = bytes('{"body":"a', LONE, 'b', [0xed, 0x95, 0x9c], 'c"}\n'); // ED 95 9C is 한
    for (let cut = 0; cut <= line.length; cut++) {
      const out: Buffer[] = [];
      await pipeline(Readable.from([line.subarray(0, cut), line.subarray(cut)].filter((b) => b.length > 0)), surrogateBytes(), async function* (src) {
        for await (const chunk of src) out.push(chunk as Buffer);
      });
      expect(JSON.parse(Buffer.concat(out).toString('utf8')).body, `cut at ${cut}`).toBe('a\uFFFDb한c');
    }
  });

  it('keeps a JSONL record whose strings hold raw control characters, as a CSV record is kept', async () => {
    const file = join(tempDir(), 'raw.jsonl');
    writeFileSync(file, bytes('{"url": "u",\t"body": "a', NUL, 'b\tc', [0x1a], '"}\n{"url": "v", "body": "x\\"', NUL, '"}\n'));
    const records = await all(file);
    expect(records.map((r) => r.value?.body)).toEqual(['a\u0000b\tc\u001a', 'x"\u0000']);
  });

  it('stores the same text from every spelling: JSON escapes, raw bytes in JSONL, raw bytes in CSV', async () => {
    const dir = tempDir();
    const dateline = 'Pyongyang, May 4 (KCNA) -- The delegation left here today after a visit.';
    const files = {
      'escaped.jsonl': bytes(JSON.stringify({ url: 'http://x.example/1', title: 'Visit', date: '1997-05-04', body: `${dateline}\nIt saw\u0000 the \ud800 plant.` }), '\n'),
      'raw.jsonl': bytes(`{"url": "http://x.example/1", "title": "Visit", "date": "1997-05-04", "body": "${dateline}\\nIt saw`, NUL, ' the ', LONE, ' plant."}\n'),
      'raw.csv': bytes(`url,title,date,body\nhttp://x.example/1,Visit,1997-05-04,"${dateline}\nIt saw`, NUL, ' the ', LONE, ' plant."\n'),
    };
    const stored = [];
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(join(dir, name), content);
      const store = await openStore(join(dir, `${name}.db`));
      try {
        const summary = await importFile(store, join(dir, name), { spec: { map: {}, source: 'x' }, worker: false });
        expect(summary.imported, name).toBe(1);
        const a = (await store.getArticle((await store.findArticleIdByUrl('http://x.example/1'))!))!;
        stored.push({ body: a.body, damaged: a.damaged, repaired: a.repaired });
      } finally {
        await store.close();
      }
    }
    expect(stored[0]).toEqual({ body: [dateline, 'It saw the \uFFFD plant.'], damaged: true, repaired: true });
    expect(stored[1]).toEqual(stored[0]);
    expect(stored[2]).toEqual(stored[0]);
  });
});
