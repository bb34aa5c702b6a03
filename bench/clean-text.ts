// npx tsx bench/clean-text.ts — cleanText (entities, controls, surrogates, NFC, odd spaces, digits) over
// real texts: every title and body of the samples in testdata/corpus, and the first 20,000 kcna.co.jp
// records of the corpus when it is there. Prints the best of five rounds.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { cleanText } from '../src/normalize/text.js';
import { KCNA_CO_JP, ROOT } from './corpus.js';

function textsOf(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const o = JSON.parse(line) as Record<string, unknown>;
    for (const k of ['title', 'headline', 'body', 'story_text', 'content']) {
      const v = o[k];
      if (typeof v === 'string') out.push(v);
      else if (Array.isArray(v)) out.push(v.join('\n'));
    }
  }
  return out;
}

const dir = join(ROOT, 'testdata', 'corpus');
const samples = textsOf(['kcna-co-jp-sample.jsonl', 'kcna-kp-en-sample.jsonl', 'nkarchive-ko-sample.jsonl', 'rodong-en-sample.jsonl'].flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n')));
const sets: [string, string[]][] = [['testdata samples ×200', Array.from({ length: 200 }, () => samples).flat()]];
if (existsSync(KCNA_CO_JP)) sets.push(['kcna.co.jp first 20,000 records', textsOf(gunzipSync(readFileSync(KCNA_CO_JP)).toString('utf8').split('\n', 20_000))]);

for (const [name, texts] of sets) {
  const chars = texts.reduce((n, t) => n + t.length, 0);
  let best = Infinity;
  let sink = 0;
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    for (const t of texts) sink += cleanText(t).length;
    best = Math.min(best, performance.now() - t0);
  }
  process.stdout.write(`${name}: ${texts.length} texts, ${(chars / 1e6).toFixed(1)} M chars: ${best.toFixed(1)} ms, ${((best * 1e6) / chars).toFixed(2)} ns/char (${sink > 0 ? 'ok' : ''})\n`);
}
