// npx tsx bench/stories-cluster.ts DB [TREE…]: clustering and linking alone (no parsing, features computed
// beforehand), over the articles of an archive imported without stories, with the SqliteStories of each
// source tree given (e.g. this one and an older checkout), interleaved, ROUNDS (5) rounds each, wall and
// CPU time (steadier on a shared machine): a change to the clustering's hot path is compared before and
// after in one run.
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { storyFeatures, type StoryFeatures } from '../src/stories/features.js';

interface Clusterer {
  cluster(id: number, f: StoryFeatures, published: string, seenAt: string): unknown;
  link(id: number, sourceId: number, lang: string, published: string, anchors: StoryFeatures['anchors']): void;
}

const [dbPath, ...trees] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: stories-cluster.ts DB [TREE…] (DB imported with WIREWATCH_STORIES=off)');
const roots = trees.length > 0 ? trees.map((t) => resolve(t)) : [resolve('.')];
const raw = new Database(dbPath);
const rows = raw
  .prepare<[], { id: number; source_id: number; lang: string; title: string; body: string; published: string; first_seen: string }>(
    'SELECT id, source_id, lang, title, body, published, first_seen FROM articles ORDER BY id',
  )
  .all();
const features = rows.map((r) => storyFeatures({ title: r.title, paragraphs: r.body.split('\n') }));
const impls = await Promise.all(roots.map(async (root) => (await import(`${root}/src/stories/sqlite/sqlite-stories.ts`)).SqliteStories as new (raw: Database.Database) => Clusterer));

function round(make: new (raw: Database.Database) => Clusterer): { seconds: number; cpuSeconds: number; stories: number; links: number } {
  raw.exec('DELETE FROM language_links; DELETE FROM story_anchors; DELETE FROM story_members; DELETE FROM stories; DELETE FROM story_bands; DELETE FROM story_band_filter; DELETE FROM story_signatures;');
  const stories = new make(raw);
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < rows.length; i += 1000) {
    raw.transaction(() => {
      for (let j = i; j < Math.min(rows.length, i + 1000); j++) {
        const r = rows[j];
        stories.cluster(r.id, features[j], r.published, r.first_seen);
        stories.link(r.id, r.source_id, r.lang, r.published, features[j].anchors);
      }
    })();
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const count = (t: string) => Number(raw.prepare(`SELECT count(*) FROM ${t}`).pluck().get());
  return { seconds, cpuSeconds, stories: count('stories'), links: count('language_links') };
}

const rounds = Number(process.env.ROUNDS ?? 5);
const times: { wall: number[]; cpu: number[] }[] = roots.map(() => ({ wall: [], cpu: [] }));
for (let r = 0; r < rounds; r++) {
  // Each round in another order, so neither tree always runs first.
  const order = roots.map((_, k) => k);
  if (r % 2 === 1) order.reverse();
  for (const k of order) {
    const res = round(impls[k]);
    times[k].wall.push(res.seconds);
    times[k].cpu.push(res.cpuSeconds);
    process.stdout.write(`${roots[k]}: ${res.seconds.toFixed(2)} s, cpu ${res.cpuSeconds.toFixed(2)} s (${rows.length} articles, ${res.stories} stories, ${res.links} links)\n`);
  }
}
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
roots.forEach((root, k) => process.stdout.write(`median ${root}: ${median(times[k].wall).toFixed(2)} s wall, ${median(times[k].cpu).toFixed(2)} s cpu\n`));
raw.close();
