import { loadSourcesDir, SHIPPED_SOURCES_DIR, type SourceFileError } from '../sources/load.js';
import type { SourceDef } from '../sources/schema.js';
import type { Store } from '../store/store.js';

/** Stores a definition in the archive; a new source starts with its file's `enabled`, an existing one keeps its switch. */
export async function upsertSourceDef(store: Store, def: SourceDef): Promise<{ id: number; created: boolean }> {
  return store.crawl.upsertSource({
    slug: def.slug,
    name: def.name,
    homepage: def.homepage,
    lang: def.languages.length === 1 ? def.languages[0] : null,
    config: def,
    enabled: def.enabled,
  });
}

/** Brings the shipped `sources/` definitions into the archive (on every start: edits to the files apply). */
export async function syncShippedSources(store: Store, dir = SHIPPED_SOURCES_DIR): Promise<{ synced: string[]; created: string[]; errors: SourceFileError[] }> {
  const { sources, errors } = loadSourcesDir(dir);
  const synced: string[] = [];
  const created: string[] = [];
  for (const def of sources) {
    const r = await upsertSourceDef(store, def);
    synced.push(def.slug);
    if (r.created) created.push(def.slug);
  }
  return { synced, created, errors };
}
