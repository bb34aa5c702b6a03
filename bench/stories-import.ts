// npm run bench:stories — the import benchmark three ways: bare FTS5 baseline, full import with story
// clustering off (WIREWATCH_STORIES=off), and full import with clustering on; clustering's own share is the
// difference between the last two.
import { loadavg } from 'node:os';
import Database from 'better-sqlite3';
import { DEFAULT_STORY_CONFIG } from '../src/stories/config.js';
import { join } from 'node:path';
import { ROOT } from './corpus.js';
import { machine, runImport as run, type RunResult } from './import-runs.js';

const dir = join(ROOT, '.bench');
process.stdout.write(`machine: ${machine()}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
const baseline = run('baseline', 'baseline', {});
const off = run('full', 'stories-off', { WIREWATCH_STORIES: 'off' });
const on = run('full', 'stories-on', { WIREWATCH_STORIES: 'on' });
const row = (r: RunResult) =>
  `${r.mode.padEnd(12)} ${r.seconds.toFixed(1).padStart(7)} s (cpu ${r.cpuSeconds.toFixed(1).padStart(6)} s)  peak RSS ${r.peakRssMb.toFixed(0).padStart(4)} MB  db ${r.dbMb.toFixed(0).padStart(4)} MB`;
process.stdout.write(`${row(baseline)}\n${row(off)}\n${row(on)}\n`);
const db = new Database(join(dir, 'stories-on.db'), { readonly: true });
const count = (sql: string, ...params: number[]) => Number(db.prepare(sql).pluck().get(...params));
const counts = {
  stories: count('SELECT count(*) FROM stories'),
  members: count('SELECT count(*) FROM story_members'),
  near: count("SELECT count(*) FROM story_members WHERE how = 'near'"),
  exact: count("SELECT count(*) FROM story_members WHERE how = 'exact'"),
  links: count('SELECT count(*) FROM language_links'),
  bandRows: count('SELECT count(*) FROM story_bands'),
  // Articles after `through` keep their bucket rows only as signatures until the next move.
  pendingArticles: count(
    "SELECT count(*) FROM story_signatures s JOIN articles a ON a.id = s.article_id WHERE s.article_id > (SELECT coalesce(max(through), 0) FROM story_band_filter) AND s.shingles >= ?",
    DEFAULT_STORY_CONFIG.minShingles,
  ),
};
db.close();
process.stdout.write(
  `with clustering: ${(on.seconds / baseline.seconds).toFixed(2)}× baseline (target ≤ 2.0×, ≤ 2.5× if clustering's share is reported); ` +
    `without: ${(off.seconds / baseline.seconds).toFixed(2)}×; clustering's share: +${(on.seconds - off.seconds).toFixed(1)} s wall, +${(on.cpuSeconds - off.cpuSeconds).toFixed(1)} s cpu, ` +
    `+${(on.dbMb - off.dbMb).toFixed(0)} MB on disk; peak RSS ${on.peakRssMb.toFixed(0)} MB (target < 400 MB)\n`,
);
process.stdout.write(`stories ${counts.stories}, members ${counts.members} (near ${counts.near}, exact ${counts.exact}), language links ${counts.links}, band rows ${counts.bandRows} in story_bands (+ ${counts.pendingArticles} articles' rows pending)\n`);
process.stdout.write(`${JSON.stringify({ baseline, off, on, counts })}\n`);
