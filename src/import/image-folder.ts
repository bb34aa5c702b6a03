import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { IMAGE_MAX_BYTES, IMAGE_MAX_PIXELS } from '../crawl/image-capture.js';
import { analyzeImage } from '../images/analyze.js';
import { imagesOf } from '../store/images.js';
import type { Store } from '../store/store.js';

export interface ImageFolderSummary {
  /** Files looked at (hidden files and folders are left out). */
  files: number;
  /** Images stored that the archive did not hold before. */
  added: number;
  /** Images the archive already held (from a crawl or an earlier import): noted for this collection too. */
  known: number;
  refused: { name: string; reason: string }[];
}

/**
 * `wirewatch import-images DIR --source SLUG`: every photo under a folder (sub-folders too), measured,
 * hashed and thumbnailed as the crawler does (the same limits), stored by SHA-256 and noted as the
 * source's collection under its path in the folder. Files that are no raster image, too large or damaged
 * are refused, one line each; importing the same folder again adds nothing.
 */
export async function importImageFolder(
  store: Store,
  dir: string,
  slug: string,
  opts: { onRefused?: (name: string, reason: string) => void; now?: () => Date } = {},
): Promise<ImageFolderSummary> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`${dir}: not a folder`);
  const source = await store.getSource(slug);
  if (!source) {
    const known = (await store.listSources()).map((s) => s.slug);
    throw new Error(`no source '${slug}' in this archive${known.length ? ` (sources: ${known.join(', ')})` : ''}`);
  }
  const images = imagesOf(store);
  const summary: ImageFolderSummary = { files: 0, added: 0, known: 0, refused: [] };
  const refuse = (name: string, reason: string) => {
    summary.refused.push({ name, reason });
    opts.onRefused?.(name, reason);
  };
  for (const path of await filesUnder(dir)) {
    const name = relative(dir, path).split(sep).join('/');
    summary.files++;
    const size = (await stat(path)).size;
    if (size > IMAGE_MAX_BYTES) {
      refuse(name, `too large: ${size} bytes over the ${IMAGE_MAX_BYTES} byte limit`);
      continue;
    }
    const bytes = await readFile(path);
    const analyzed = await analyzeImage(bytes, { maxBytes: IMAGE_MAX_BYTES, maxPixels: IMAGE_MAX_PIXELS });
    if (!analyzed.ok) {
      refuse(name, analyzed.reason);
      continue;
    }
    const at = (opts.now?.() ?? new Date()).toISOString();
    if (await images.putImage(analyzed.facts, bytes, analyzed.thumbnail, at)) summary.added++;
    else summary.known++;
    await images.recordImport(analyzed.facts.sha256, source.id, name, at);
  }
  return summary;
}

/** Regular files under `dir`, hidden ones left out, in name order. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(path)));
    else if (e.isFile()) out.push(path);
  }
  return out;
}
