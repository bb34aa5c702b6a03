import { SingleBar, Presets as BarPresets } from 'cli-progress';
import { exportWarc, type WarcFormat } from '../export/warc-export.js';
import { articleIdsInOrder } from '../store/article-ids.js';
import { storeDb } from '../store/store-db.js';
import type { Store } from '../store/store.js';

export interface WarcExportCommandOptions {
  format: WarcFormat;
  query?: string;
  out?: string;
  baseUrl?: string;
  progress?: boolean;
}

async function* fromArray(ids: Int32Array): AsyncGenerator<number> {
  yield* ids;
}

/** `wirewatch export --format warc|wacz`: every article (or a query's matches) with every captured version. */
export async function exportWarcCommand(store: Store, opts: WarcExportCommandOptions, matches: Int32Array | undefined): Promise<number> {
  const total = matches ? matches.length : (await store.stats()).articles;
  const bar = opts.progress !== false && process.stderr.isTTY ? new SingleBar({ format: ' {bar} {percentage}% | {value}/{total} articles | ETA {eta_formatted}', hideCursor: true, etaBuffer: 20 }, BarPresets.shades_classic) : null;
  bar?.start(total, 0);
  const baseUrl = (opts.baseUrl ?? process.env.WIREWATCH_BASE_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
  try {
    return await exportWarc(store, matches ? fromArray(matches) : articleIdsInOrder({ db: storeDb(store) }), {
      format: opts.format,
      out: opts.out,
      baseUrl,
      description: opts.query ? `Wirewatch export of the articles matching: ${opts.query}` : 'Wirewatch export of every article',
      onProgress: (n) => bar?.update(n),
    });
  } finally {
    bar?.stop();
  }
}
