import type Database from 'better-sqlite3';

interface Membership {
  stamp: string;
  storyOf: Map<number, number>;
}

const cache = new WeakMap<Database.Database, Membership>();

/** Article → story for every article in a story of two or more, cached until the archive changes. */
function membership(raw: Database.Database): Map<number, number> {
  const stamp = `${raw.pragma('data_version', { simple: true })}:${raw.prepare('SELECT total_changes()').pluck().get()}`;
  const found = cache.get(raw);
  if (found && found.stamp === stamp) return found.storyOf;
  const storyOf = new Map<number, number>();
  for (const r of raw.prepare('SELECT article_id, story_id FROM story_members').raw().iterate() as Iterable<[number, number]>) storyOf.set(r[0], r[1]);
  cache.set(raw, { stamp, storyOf });
  return storyOf;
}

/** The story of each given article that belongs to one (search results collapsed to one per story ask this for many at once). */
export function storyIdsFor(raw: Database.Database, articleIds: Iterable<number>): Map<number, number> {
  const all = membership(raw);
  const out = new Map<number, number>();
  for (const id of articleIds) {
    const s = all.get(id);
    if (s !== undefined) out.set(id, s);
  }
  return out;
}
