import { upsertSourceDef } from '../crawl/sync.js';
import { loadSourcesDir, parseSource, SHIPPED_SOURCES_DIR } from '../sources/load.js';
import { openStore } from '../store/open-store.js';

/** Checks every file in `sources/`; exits non-zero naming file and field when one is wrong. */
export async function validateSourcesCommand(opts: { dir?: string }): Promise<void> {
  const { sources, errors } = loadSourcesDir(opts.dir ?? SHIPPED_SOURCES_DIR);
  for (const s of sources) process.stdout.write(`ok   ${s.slug} (${s.adapter.kind}, ${s.languages.join('+')})\n`);
  for (const e of errors) process.stderr.write(`${e.message}\n`);
  if (errors.length) throw new Error(`${errors.length} source file(s) invalid`);
  process.stdout.write(`${sources.length} sources valid\n`);
}

export interface AddFeedOptions {
  feed: string;
  slug?: string;
  name?: string;
  minIntervalMs?: number;
  allowPrivate?: boolean;
  content?: 'page' | 'feed';
  db: string;
}

export function slugForFeed(url: string): string {
  const u = new URL(url);
  const base = `${u.hostname.replace(/^www\./, '')}${u.port ? `-${u.port}` : ''}`;
  return base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'feed';
}

/** Adds (or updates) a plain feed source in the archive. */
export async function addFeedSourceCommand(o: AddFeedOptions): Promise<void> {
  const url = new URL(o.feed);
  const slug = o.slug ?? slugForFeed(o.feed);
  const def = parseSource(
    {
      slug,
      name: o.name ?? url.hostname,
      homepage: url.origin + '/',
      languages: ['und'],
      adapter: { kind: 'feed', urls: [o.feed], content: o.content ?? 'page' },
      politeness: { ...(o.minIntervalMs !== undefined ? { minIntervalMs: o.minIntervalMs } : {}), allowPrivate: !!o.allowPrivate },
    },
    `--feed ${o.feed}`,
  );
  const store = await openStore(o.db);
  try {
    const r = await upsertSourceDef(store, def);
    await store.crawl.setSourceEnabled(slug, true);
    process.stdout.write(`${r.created ? 'added' : 'updated'} source ${slug} (feed ${o.feed})\n`);
  } finally {
    await store.close();
  }
}

export async function setEnabledCommand(slug: string, enabled: boolean, db: string): Promise<void> {
  const store = await openStore(db);
  try {
    if (!(await store.crawl.setSourceEnabled(slug, enabled))) throw new Error(`no source '${slug}' in this archive`);
    process.stdout.write(`${slug} ${enabled ? 'enabled' : 'disabled'}\n`);
  } finally {
    await store.close();
  }
}

export async function listSourcesCommand(db: string): Promise<void> {
  const store = await openStore(db);
  try {
    for (const s of await store.crawl.crawlSources()) {
      const kind = (s.config as { adapter?: { kind?: string } } | null)?.adapter?.kind ?? 'import only';
      process.stdout.write(`${s.enabled ? 'on ' : 'off'}  ${s.slug.padEnd(22)} ${kind.padEnd(10)} ${s.name}\n`);
    }
  } finally {
    await store.close();
  }
}
