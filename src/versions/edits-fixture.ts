// Test fixture: real kcna.kp articles with versions. Two were served with different wording under one
// URL (testdata/corpus/kcna-kp-en-edits.jsonl, as scraped); on three more a real text is edited here:
// an official's name scrubbed, a name added, a Korean official's name and title replaced.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { corpusSample, TESTDATA } from '../../test/helpers.js';
import { prepareBatch } from '../import/prepare.js';
import { importFile } from '../import/importer.js';
import { resolvePreset } from '../import/presets.js';
import { openSqliteStore, openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { join } from 'node:path';

export const EDITS = corpusSample('kcna-kp-en-edits.jsonl');

type Row = Record<string, unknown>;
const jsonl = (text: string): Row[] => text.trim().split('\n').map((l) => JSON.parse(l) as Row);
export const enRow = (file: string, linkEnd: string) => jsonl(readFileSync(corpusSample(file), 'utf8')).find((r) => String(r.link).endsWith(linkEnd))!;
const koRow = (urlEnd: string) =>
  jsonl(gunzipSync(readFileSync(join(TESTDATA, 'search', 'kcna-kp-ko-sample.jsonl.gz'))).toString('utf8')).find((r) => String(r.url).endsWith(urlEnd))!;

/** A text replaced in a row's body field; fails loudly if the real text no longer reads so. */
export function edited(row: Row, field: string, from: string, to: string): Row {
  const text = String(row[field]);
  if (!text.includes(from)) throw new Error(`fixture: '${from}' not in the article`);
  return { ...row, [field]: text.replace(from, to) };
}

/** A corpus row as the importer prepares it (normalized article, source, time seen). */
export function prepareRow(preset: string, row: Row, seenAt: string) {
  const [rec] = prepareBatch({ records: [{ line: 1, value: row }], read: 1, bytes: 0, size: 0, importedAt: seenAt }, resolvePreset({ preset })).records;
  if (!rec.ok) throw new Error(`fixture: ${rec.reason}`);
  return rec;
}

export async function ingest(store: Store, preset: string, row: Row, seenAt: string): Promise<number> {
  const rec = prepareRow(preset, row, seenAt);
  const sourceId = await store.ensureSource(rec.source);
  const [outcome] = await store.ingestBatch([{ sourceId, article: rec.article, seenAt: rec.seenAt, origin: 'import' }]);
  return outcome.id;
}

export interface EditsFixture {
  store: SqliteStore;
  ids: {
    /** Real: two wordings of the 240 mm MRLS test-fire report. */
    mrls: number;
    /** Real: two wordings of the consultative meeting on national defence. */
    meeting: number;
    /** Real, one version: names Choe Ryong Hae. */
    choeMeets: number;
    /** Anniversary gala: the second version drops Choe Ryong Hae from the platform. */
    gala: number;
    /** Foreign minister's departure: the second version adds Choe Ryong Hae to those seeing her off. */
    minister: number;
    /** Korean (kcna.kp): the second version names no one for the report (최창학 removed). */
    korean: number;
  };
}

export const T1 = '2024-11-01T00:00:00.000Z';
export const T2 = '2024-11-02T00:00:00.000Z';

export async function editsFixture(path = ':memory:'): Promise<EditsFixture> {
  const store = await openSqliteStore(path);
  return { store, ids: await loadEdits(store) };
}

/** The same articles and edits in an archive of any backend (`location`: a SQLite path or a postgres:// URL). */
export async function editsFixtureAt(location: string): Promise<{ store: Store; ids: EditsFixture['ids'] }> {
  const store = await openStore(location);
  return { store, ids: await loadEdits(store) };
}

async function loadEdits(store: Store): Promise<EditsFixture['ids']> {
  await importFile(store, EDITS, { spec: { preset: 'kcna-kp-stiles' }, worker: false });
  const idOf = async (linkEnd: string) => (await store.findArticleIdByUrl(jsonl(readFileSync(EDITS, 'utf8')).find((r) => String(r.link).endsWith(linkEnd))!.link as string))!;
  const gala = enRow('kcna-kp-en-sample.jsonl', 'a29c3f37b6.kcmsf');
  const minister = enRow('kcna-kp-en-copies.jsonl', 'ac6ead3a76.kcmsf');
  const korean = koRow('f24bb3fd7a8cc8e096f8');
  const ids = {
    mrls: await idOf('61238dce268f4c54a820092a1cda47d6.kcmsf'),
    meeting: await idOf('396f192e518f2488bb8eb263b87ef65e.kcmsf'),
    choeMeets: await idOf('d0e39ee758e763ea.kcmsf'),
    gala: await ingest(store, 'kcna-kp-stiles', gala, T1),
    minister: await ingest(store, 'kcna-kp-stiles', minister, T1),
    korean: await ingest(store, 'nkarchive-ko', korean, T1),
  };
  await ingest(store, 'kcna-kp-stiles', edited(gala, 'story_text', 'Kim Tok Hun and Choe Ryong Hae, members of', 'Kim Tok Hun, member of'), T2);
  await ingest(
    store,
    'kcna-kp-stiles',
    edited(minister, 'story_text', 'Airport by Kim Jong Gyu', "Airport by Choe Ryong Hae, member of the Presidium of the Political Bureau of the Central Committee of the Workers' Party of Korea, Kim Jong Gyu"),
    T2,
  );
  await ingest(store, 'nkarchive-ko', edited(korean, 'body', '조선로동당 중앙위원회 제1부부장 최창학동지가', '조선로동당 중앙위원회 해당 부서 일군이'), T2);
  return ids;
}
