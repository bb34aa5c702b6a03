// The request mix of `npm run bench:load`, drawn from the archive itself with a seeded generator.
import type Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { join } from 'node:path';
import { CORPUS_DIR, KCNA_CO_JP } from './corpus.js';

export interface LoadPath { kind: string; path: string }

const ENGLISH = ['korea', 'nuclear', '"kim jong il"', '"juche idea"', 'sanctions', 'japan apology', 'title:congratulations', 'reunif*', 'typhoon', '"united states" date:2010..2017'];
const KOREAN = ['김정은', '로동', '노동', '조선로동당', '평양', '력사'];
const TIMELINE = ['korea', '"nuclear weapons"', 'sanctions', '김정은', 'kim date:2000..2010'];

/** Weighted kinds: what a reader of the archive mostly asks for. */
const WEIGHTS: Array<[string, number]> = [
  ['article page', 30], ['search (English)', 14], ['search (Korean)', 8], ['timeline', 8], ['day page', 6],
  ['api article', 12], ['api search', 10], ['api stats', 4], ['home', 4], ['entity page', 4],
];

export function loadMix(db: Database.Database, random: () => number, size = 4000): LoadPath[] {
  const maxId = (db.prepare('SELECT max(id) AS m FROM articles').get() as { m: number }).m;
  const days = (db.prepare("SELECT DISTINCT substr(published, 1, 10) AS d FROM articles WHERE length(published) >= 10 ORDER BY random() LIMIT 500").all() as Array<{ d: string }>).map((r) => r.d);
  const entities = (db.prepare('SELECT entity_id AS id FROM entity_mentions GROUP BY entity_id ORDER BY count(*) DESC LIMIT 40').all() as Array<{ id: string }>).map((r) => r.id);
  db.close();
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const total = WEIGHTS.reduce((n, [, w]) => n + w, 0);
  const out: LoadPath[] = [];
  for (let i = 0; i < size; i++) {
    let r = random() * total;
    const kind = WEIGHTS.find(([, w]) => (r -= w) < 0)?.[0] ?? 'home';
    const id = 1 + Math.floor(random() * maxId);
    const q = (xs: string[]) => encodeURIComponent(pick(xs));
    const path = {
      'article page': `/articles/${id}`,
      'search (English)': `/search?q=${q(ENGLISH)}`,
      'search (Korean)': `/search?q=${q(KOREAN)}`,
      timeline: `/api/timeline?q=${q(TIMELINE)}&interval=${pick(['year', 'month'])}`,
      'day page': `/days/${pick(days)}`,
      'api article': `/api/articles/${id}`,
      'api search': `/api/search?q=${q([...ENGLISH, ...KOREAN])}&page=${1 + Math.floor(random() * 3)}`,
      'api stats': '/api/stats',
      home: '/',
      'entity page': `/entities/${encodeURIComponent(pick(entities))}`,
    }[kind]!;
    out.push({ kind, path });
  }
  return out;
}

/** The full corpus: kcna.co.jp (English and Spanish), the Korean sample and kcna.kp, as `wirewatch import` stores them. */
export async function buildLoadArchive(db: string, cli: string[]): Promise<void> {
  const dumps: Array<[string, string]> = [
    [KCNA_CO_JP, 'kcna-co-jp'],
    [join(CORPUS_DIR, 'kcna-kp-ko-2026.jsonl.gz'), 'nkarchive-ko'],
    [join(CORPUS_DIR, 'kcna-kp-en-2023-2024.jsonl.gz'), 'kcna-kp-stiles'],
  ];
  for (const [file, preset] of dumps) {
    process.stdout.write(`building ${db}: importing ${file}\n`);
    const r = spawnSync('node', [...cli, 'import', file, '--preset', preset, '--db', db, '--no-progress'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`import of ${file} failed (${r.status})`);
  }
}

/**
 * A dump the write phase imports: kcna.co.jp's records at new addresses, each with a paragraph of its own,
 * so every record is a new article (indexed, clustered, its people read), not a copy folded away.
 */
export async function writeFreshDump(to: string, limit = 60_000): Promise<void> {
  const lines = createInterface({ input: createReadStream(KCNA_CO_JP).pipe(createGunzip()), crlfDelay: Infinity });
  async function* fresh() {
    let n = 0;
    for await (const line of lines) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { url: string; body?: string };
      r.url = r.url.replace('kcna.co.jp/', 'mirror.kcna.test/');
      r.body = `${r.body ?? ''}\r\n\r\n   Load benchmark record ${n} was written while readers asked for pages of this archive.`;
      yield `${JSON.stringify(r)}\n`;
      if (++n >= limit) break;
    }
  }
  await pipeline(fresh, createGzip({ level: 1 }), createWriteStream(to));
}
