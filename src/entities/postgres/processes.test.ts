import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, corpusSample, NODE_TSX } from '../../../test/helpers.js';
import { EN_SAMPLE } from '../../search/test-fixture.js';
import { pgTestUrl } from '../../testing/pg.js';

const run = promisify(execFile);
const KP = corpusSample('kcna-kp-en-sample.jsonl');

/** A database of its own: the store's advisory locks are per database, so no other test's writers meet these. */
async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ww_ent_${randomBytes(5).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: pgTestUrl });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(pgTestUrl!);
  url.pathname = `/${name}`;
  url.search = '';
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const importInto = (url: string, file: string, preset: string) => run(NODE_TSX[0], [...NODE_TSX.slice(1), CLI, 'import', file, '--preset', preset, '--db', url], { timeout: 300_000 });

/** The entity tables by article URL, and names awaiting review with their counts. */
async function entityRows(url: string): Promise<unknown[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const q = async (text: string) => (await c.query(text)).rows;
    return [
      await q('SELECT m.entity_id, a.url, m.count, m.offsets FROM entity_mentions m JOIN articles a ON a.id = m.article_id ORDER BY a.url, m.entity_id'),
      await q('SELECT a.url, t.person, t.seq, t.kind, t.date, t.place, t.companions FROM tracker_appearances t JOIN articles a ON a.id = t.article_id ORDER BY a.url, t.person, t.seq'),
      await q('SELECT name, articles, status FROM entity_candidates ORDER BY name'),
    ];
  } finally {
    await c.end();
  }
}

describe.skipIf(!pgTestUrl)('wirewatch import in several processes on one PostgreSQL archive', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  }, 60_000);

  it('stores each mention, appearance and name awaiting review once, as one process would', async () => {
    const [together, alone] = await Promise.all([freshDatabase(), freshDatabase()]);
    drops.push(together.drop, alone.drop);
    // The first command creates the tables; then the same file twice and another outlet at once.
    await run(NODE_TSX[0], [...NODE_TSX.slice(1), CLI, 'entities', 'candidates', '--db', together.url]);
    await Promise.all([importInto(together.url, EN_SAMPLE, 'kcna-co-jp'), importInto(together.url, EN_SAMPLE, 'kcna-co-jp'), importInto(together.url, KP, 'kcna-kp-stiles')]);
    await importInto(alone.url, EN_SAMPLE, 'kcna-co-jp');
    await importInto(alone.url, KP, 'kcna-kp-stiles');
    const [a, b] = await Promise.all([entityRows(together.url), entityRows(alone.url)]);
    expect((a[0] as unknown[]).length).toBeGreaterThan(1000);
    expect(a).toEqual(b);
  }, 600_000);
});
