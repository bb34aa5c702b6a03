/**
 * Worst-case comparisons of two texts, timed: `npx tsx bench/diff-worst.ts`.
 * Each case runs a few times; the slowest run is reported with the granularity the comparison chose.
 */
import { compareArticles } from '../src/versions/diff.js';
import { seededRandom } from './seeded-random.js';

const VOCAB = 'the of and to a in delegation party leader people republic korea workers said meeting on for with by was'
  .split(' ')
  .concat(Array.from({ length: 3000 }, (_, i) => 'w' + i.toString(36)));

/** Paragraphs of `perPara` words drawn from a fixed vocabulary, `words` in all. */
function text(words: number, seed: number, perPara = 60): string[] {
  const r = seededRandom(seed);
  const paras: string[] = [];
  let cur: string[] = [];
  for (let i = 0; i < words; i++) {
    cur.push(VOCAB[Math.floor(r() * VOCAB.length)]);
    if (cur.length === perPara) {
      paras.push(cur.join(' ') + '.');
      cur = [];
    }
  }
  if (cur.length) paras.push(cur.join(' ') + '.');
  return paras;
}

/** Every `every`-th word replaced: the same text, heavily edited. */
function edit(paras: string[], every: number, seed: number): string[] {
  const r = seededRandom(seed);
  return paras.map((p) =>
    p
      .split(' ')
      .map((w, i) => (i % every === 0 ? VOCAB[Math.floor(r() * VOCAB.length)] : w))
      .join(' '),
  );
}

const MB = text(170_000, 1);
const mbChanged = [...MB];
mbChanged[1000] = mbChanged[1000].replace(/^\S+/, 'changed');
const w8 = text(8_000, 3);
const rep = 'the '.repeat(250_000);
const cases: [string, { title: string; body: string[] }, { title: string; body: string[] }][] = [
  ['two unrelated 1 MB texts', { title: 'A', body: MB }, { title: 'B', body: text(170_000, 2) }],
  ['1 MB text, one word changed', { title: 'A', body: MB }, { title: 'A', body: mbChanged }],
  ['1 MB text, every 3rd word changed', { title: 'A', body: MB }, { title: 'A', body: edit(MB, 3, 9) }],
  ['8,000 words rewritten (unrelated)', { title: 'A', body: w8 }, { title: 'B', body: text(8_000, 4) }],
  ['8,000 words, every 2nd word changed', { title: 'A', body: w8 }, { title: 'A', body: edit(w8, 2, 5) }],
  ['8,000 words in one paragraph, rewritten', { title: 'A', body: [w8.join(' ')] }, { title: 'B', body: [text(8_000, 4).join(' ')] }],
  ['two unrelated 1 MB paragraphs', { title: 'A', body: [MB.join(' ')] }, { title: 'B', body: [text(170_000, 2).join(' ')] }],
  ['repetitive 1 MB, one word more', { title: 'A', body: [rep] }, { title: 'A', body: ['the ' + rep] }],
  ['repetitive 40k characters vs shifted', { title: 'A', body: ['a b '.repeat(5_000)] }, { title: 'A', body: ['b a '.repeat(5_000)] }],
  ['100,000 empty/short paragraphs, reordered', { title: 'A', body: Array.from({ length: 100_000 }, (_, i) => String(i % 2)) }, { title: 'A', body: Array.from({ length: 100_000 }, (_, i) => String((i + 1) % 2)) }],
  ['1 MB title against a short one', { title: MB.join(' '), body: w8 }, { title: 'short', body: w8 }],
];

for (const [name, a, b] of cases) {
  let worst = 0;
  let granularity = '';
  let cpuWorst = 0;
  for (let i = 0; i < 3; i++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const d = compareArticles(a, b, 'en');
    worst = Math.max(worst, performance.now() - t);
    const u = process.cpuUsage(cpu);
    cpuWorst = Math.max(cpuWorst, (u.user + u.system) / 1000);
    granularity = `${d.granularity}, +${d.added} −${d.removed} words`;
  }
  console.log(`${name.padEnd(44)} ${worst.toFixed(1).padStart(7)} ms wall ${cpuWorst.toFixed(1).padStart(7)} ms CPU  (${granularity})`);
}
