import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { WARCRecord } from 'warcio';
import type { Store } from '../store/store.js';
import { articleRecords } from '../warc/article-records.js';
import { writeWacz, type WaczItem } from '../warc/wacz.js';
import { warcinfoRecord, writeWarc } from '../warc/write-warc.js';

import type { WarcFormat } from './warc-formats.js';

export { WARC_FORMATS, type WarcFormat } from './warc-formats.js';

export interface WarcExportOptions {
  format: WarcFormat;
  /** Where to write; a WACZ needs a file (a zip's directory comes last), a WARC may go to standard output. */
  out?: string;
  /** The archive's public address, for the permalinks in the metadata records. */
  baseUrl: string;
  /** What the package holds, for its warcinfo and datapackage. */
  description: string;
  onProgress?: (articles: number) => void;
}

/** Every article's records, oldest version first, in the order of `ids`. */
async function* articleItems(store: Store, ids: AsyncIterable<number>, baseUrl: string, onArticle: () => void): AsyncGenerator<WaczItem> {
  // Each photo once per file, however many articles show it.
  const imagesWritten = new Set<string>();
  for await (const id of ids) {
    const article = await store.getArticle(id);
    if (!article) continue;
    yield { records: articleRecords(store, article, baseUrl, imagesWritten), title: article.title };
    onArticle();
  }
}

/**
 * Writes the articles as a WARC 1.1 file (gzip per record) or a WACZ package, streaming: memory holds
 * one article's records (and, for a WACZ, the index lines). Returns how many articles were written.
 */
export async function exportWarc(store: Store, ids: AsyncIterable<number>, opts: WarcExportOptions): Promise<number> {
  let written = 0;
  const items = articleItems(store, ids, opts.baseUrl, () => {
    written++;
    opts.onProgress?.(written);
  });
  if (opts.format === 'wacz') {
    if (!opts.out) throw new Error('--format wacz needs --out FILE (a WACZ is a zip: it cannot go to standard output)');
    await writeWacz(warcinfoRecord('data.warc.gz', opts.description), items, opts.out, { title: 'Wirewatch export', description: opts.description });
    return written;
  }
  async function* records(): AsyncGenerator<WARCRecord> {
    for await (const item of items) yield* item.records;
  }
  const out: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
  if (opts.out) await once(out, 'open');
  for await (const chunk of writeWarc(warcinfoRecord(opts.out ? opts.out.split('/').pop()! : 'export.warc.gz', opts.description), records(), true)) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  if (opts.out) await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return written;
}
