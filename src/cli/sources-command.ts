import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { upsertSourceDef } from '../crawl/sync.js';
import { specialPurpose } from '../fetch/ssrf.js';
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
  /** Resolves the feed's host (tests give their own; the default asks the system resolver). */
  resolve?: (host: string) => Promise<string[]>;
}

const systemResolve = async (host: string) => (await lookup(host, { all: true })).map((a) => a.address);

/**
 * The feed host's addresses that are private or special-purpose, each with the block it falls in. A host
 * that does not resolve now gives none: the crawl checks every address again when it connects.
 */
export async function specialAddressesOf(host: string, resolve = systemResolve): Promise<{ address: string; why: string }[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(bare)) addresses = [bare];
  else {
    try {
      addresses = await resolve(bare);
    } catch {
      return [];
    }
  }
  return addresses.flatMap((address) => {
    const why = specialPurpose(address);
    return why ? [{ address, why }] : [];
  });
}

export function slugForFeed(url: string): string {
  const u = new URL(url);
  const base = `${u.hostname.replace(/^www\./, '')}${u.port ? `-${u.port}` : ''}`;
  return base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'feed';
}

/** Adds (or updates) a plain feed source in the archive. */
export async function addFeedSourceCommand(o: AddFeedOptions): Promise<void> {
  const url = new URL(o.feed);
  const special = await specialAddressesOf(url.hostname, o.resolve);
  if (special.length) {
    const list = special.map((a) => `${a.address} (${a.why})`).join(', ');
    if (!o.allowPrivate) {
      throw new Error(
        `${url.hostname} is a private or special-purpose address: ${list}. A source there could reach services inside this network; ` +
          `if it really lives there (a local mirror, a test server), add it again with --allow-private`,
      );
    }
    process.stderr.write(`warning: ${url.hostname} is a private or special-purpose address: ${list}; fetched anyway because of --allow-private\n`);
  }
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
