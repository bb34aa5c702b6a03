// npx tsx bench/stories-cluster.ts DB [TREE…]: clustering and linking alone (no parsing, features computed
// beforehand), over the articles of an archive imported without stories, with the SqliteStories of each
// source tree given (e.g. this one and an older checkout), interleaved, three rounds each: a change to
// the clustering's hot path is compared before and after in one run.
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

function round(make: new (raw: Database.Database) => Clusterer): { seconds: number; stories: number; links: number } {
  raw.exec('DELETE FROM language_links; DELETE FROM story_anchors; DELETE FROM story_members; DELETE FROM stories; DELETE FROM story_bands; DELETE FROM story_band_filter; DELETE FROM story_signatures;');
  const stories = new make(raw);
  const started = performance.now();
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
  const count = (t: string) => Number(raw.prepare(`SELECT count(*) FROM ${t}`).pluck().get());
  return { seconds, stories: count('stories'), links: count('language_links') };
}

const times: number[][] = roots.map(() => []);
for (let r = 0; r < 3; r++) {
  roots.forEach((root, k) => {
    const res = round(impls[k]);
    times[k].push(res.seconds);
    process.stdout.write(`${root}: ${res.seconds.toFixed(2)} s (${rows.length} articles, ${res.stories} stories, ${res.links} links)\n`);
  });
}
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[1];
roots.forEach((root, k) => process.stdout.write(`median ${root}: ${median(times[k]).toFixed(2)} s\n`));
raw.close();
