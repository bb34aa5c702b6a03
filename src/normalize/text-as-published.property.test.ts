import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusSample, tempDir } from '../../test/helpers.js';
import { importFile } from '../import/importer.js';
import { openSqliteStore } from '../store/open-store.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { normalizeArticle } from './article.js';

// Text as published goes in HTML-escaped once, as a page's source or a scrape holds it, and must come
// back from the archive exactly as published: decoded once, never twice.

type Style = 'minimal' | 'attribute' | 'numeric' | 'hex' | 'nbsp';
const STYLES: Style[] = ['minimal', 'attribute', 'numeric', 'hex', 'nbsp'];
const NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes a text once, in one of the ways pages and scrapers write it. */
function escapeOnce(text: string, style: Style): string {
  switch (style) {
    case 'minimal':
      return text.replace(/[&<>]/g, (c) => NAMED[c]);
    case 'attribute':
      return text.replace(/[&<>"']/g, (c) => NAMED[c]);
    case 'numeric':
      // Everything outside ASCII as a decimal reference (astral characters as one reference each).
      return [...text].map((c) => (NAMED[c] ?? (c.codePointAt(0)! > 0x7e ? `&#${c.codePointAt(0)};` : c))).join('');
    case 'hex':
      return [...text].map((c) => (/[\p{L}\p{N} \n]/u.test(c) ? c : `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};`)).join('');
    case 'nbsp':
      // kcna.co.jp's bodies: `&nbsp;` between words, which reads as a space.
      return text.replace(/[&<>]/g, (c) => NAMED[c]).replace(/(?<=\S) (?=\S)/g, (s, i: number) => (i % 3 === 0 ? '&nbsp;' : s));
  }
}

let store: SqliteStore;
let serial = 0;

beforeAll(async () => {
  store = await openSqliteStore(join(tempDir(), 'published.db'));
});
afterAll(async () => store.close());

/** Normalizes and stores a received text as a new article (in a source of its own: runs repeat texts); returns it as stored. */
async function roundTrip(title: string, body: string) {
  const n = normalizeArticle({ url: `http://roundtrip.example/${++serial}`, title, body, listingDate: '2013-05-04', lang: 'en' });
  if (!n.ok) throw new Error(`rejected: ${n.reason}`);
  const sourceId = await store.ensureSource({ slug: `roundtrip-${serial}`, name: 'Round trip' });
  const [outcome] = await store.ingestBatch([{ sourceId, article: n.article, seenAt: '2026-01-01T00:00:00.000Z', origin: 'import' }]);
  expect(outcome.kind).toBe('imported');
  return (await store.getArticle(outcome.id))!;
}

const DATELINE = 'Pyongyang, May 4 (KCNA) -- The report reads: ';
// Words about markup and with ampersands, as texts hold them: each must survive as written.
const word = fc.constantFrom(
  'markup', 'the', 'script', '&amp;', '&lt;script&gt;', '&nbsp;', '&#38;', '&copy', '&amp;lt;', 'R&D', 'S&P', 'KFP&MCHA', '&', '&&', '&;',
  '&#;', '<p>', '</p>', 'a<b', 'x>y', '"quoted"', "it's", '“curly”', '조선중앙통신', '로동신문', '—', '1997', 'Juche', '😀', '\uFFFD',
);
const phrase = fc
  .array(fc.oneof(word, fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 })), { minLength: 1, maxLength: 12 })
  .map((ws) => ws.join(' ').replace(/\s+/g, ' ').trim())
  .filter((s) => s.length > 0);
/** A published text: paragraphs as the archive stores them (trimmed, single spaces, each a finished sentence). */
const published = fc.record({
  title: phrase.map((t) => `Report on ${t}`),
  paragraphs: fc.array(phrase.map((p) => `${p}.`), { minLength: 1, maxLength: 5 }),
});
const style = fc.constantFrom(...STYLES);

describe('text as published', () => {
  it('generated texts: escaped once, imported, stored, read back identical', async () => {
    await fc.assert(
      fc.asyncProperty(published, style, async ({ title, paragraphs }, s) => {
        const body = [DATELINE + paragraphs[0], ...paragraphs.slice(1)];
        const a = await roundTrip(escapeOnce(title, s), escapeOnce(body.join('\n'), s));
        expect(a.title).toBe(title);
        expect(a.body).toEqual(body);
        expect(a.repaired).toBe(false);
        expect(a.damaged).toBe(body.some((p) => p.includes('\uFFFD')) || title.includes('\uFFFD'));
      }),
      { numRuns: 150 },
    );
  });

  it('control characters received between the characters are dropped and marked; lone surrogates are one U+FFFD each', async () => {
    const control = fc.constantFrom('\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u001A', '\u001F', '\u007F', '\u0080', '\u0085', '\u009F');
    const lone = fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF');
    await fc.assert(
      fc.asyncProperty(published, style, fc.array(fc.tuple(fc.nat(), control), { maxLength: 6 }), lone, async ({ title, paragraphs }, s, controls, surrogate) => {
        const body = [DATELINE + paragraphs[0], ...paragraphs.slice(1)];
        // Each character is escaped on its own, so a control never lands inside a reference.
        const units = [...body.join('\n')].map((c) => (c === '\uFFFD' ? surrogate : escapeOnce(c, s === 'nbsp' ? 'minimal' : s)));
        for (const [at, c] of controls) units.splice(at % (units.length + 1), 0, c);
        const a = await roundTrip(escapeOnce(title, 'minimal'), units.join(''));
        expect(a.body).toEqual(body);
        expect(a.repaired).toBe(controls.length > 0);
        expect(a.damaged).toBe(body.some((p) => p.includes('\uFFFD')) || title.includes('\uFFFD'));
      }),
      { numRuns: 120 },
    );
  });

  it('real bodies: every sample article, escaped once each way, imported from a dump, comes back as stored', async () => {
    const dir = tempDir();
    const first = await openSqliteStore(join(dir, 'first.db'));
    const samples: [string, string][] = [
      ['kcna-co-jp-sample.jsonl', 'kcna-co-jp'],
      ['kcna-co-jp-controls.jsonl.gz', 'kcna-co-jp'],
      ['kcna-kp-en-sample.jsonl', 'kcna-kp-stiles'],
      ['rodong-en-sample.jsonl', 'rodong-thogra'],
      ['nkarchive-ko-sample.jsonl', 'nkarchive-ko'],
    ];
    for (const [file, preset] of samples) await importFile(first, corpusSample(file), { spec: { preset }, worker: false });
    const ids = (first.raw.prepare('SELECT id FROM articles ORDER BY id').pluck().all() as number[]);
    const originals = await Promise.all(ids.map((id) => first.getArticle(id)));
    await first.close();
    expect(originals.length).toBeGreaterThan(30);
    const lines: string[] = [];
    originals.forEach((a, i) => {
      for (const s of STYLES) {
        lines.push(
          JSON.stringify({
            url: `http://roundtrip.example/real/${s}/${i}`,
            // A title derived from the first sentence is derived again, not given.
            title: a!.titleDerived ? null : escapeOnce(a!.title, s),
            // Paragraphs apart by a blank line: a line is never joined back across one.
            body: escapeOnce(a!.body.join('\n\n'), s),
            date: a!.listingDate ?? a!.published,
            lang: a!.lang,
          }),
        );
      }
    });
    writeFileSync(join(dir, 'escaped.jsonl'), `${lines.join('\n')}\n`);
    const second = await openSqliteStore(join(dir, 'second.db'));
    try {
      const summary = await importFile(second, join(dir, 'escaped.jsonl'), { spec: { map: {}, source: 'roundtrip' }, worker: false });
      expect(summary.rejected).toBe(0);
      for (const [i, a] of originals.entries()) {
        for (const s of STYLES) {
          const back = (await second.getArticle((await second.findArticleIdByUrl(`http://roundtrip.example/real/${s}/${i}`))!))!;
          expect({ title: back.title, body: back.body }, `${a!.url} escaped ${s}`).toEqual({ title: a!.title, body: a!.body });
        }
      }
      // Bare ampersands and the corpus's `&nbsp;` came through as published.
      const bodies = originals.map((a) => a!.body.join('\n'));
      expect(bodies.some((b) => b.includes('KFP&MCHA'))).toBe(true);
      expect(bodies.some((b) => b.includes('&nbsp'))).toBe(false);
    } finally {
      await second.close();
    }
  });
});
