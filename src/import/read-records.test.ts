import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers.js';
import { readRecords } from './read-records.js';

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
