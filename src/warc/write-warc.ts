import { WARCRecord, WARCSerializer } from 'warcio';
import { WARC_VERSION } from './article-records.js';

/** The first record of every file: what wrote it and under which format. */
export function warcinfoRecord(filename: string, description: string): WARCRecord {
  return WARCRecord.createWARCInfo(
    { filename, warcVersion: WARC_VERSION },
    { software: 'Wirewatch', format: 'WARC File Format 1.1', description },
  );
}

/**
 * Serializes records one at a time (warcinfo first), each its own gzip member when `gzip` is set, so
 * memory holds one record and readers can seek to any record. Digests are sha256, as warcio computes them.
 */
export async function* writeWarc(info: WARCRecord, records: AsyncIterable<WARCRecord>, gzip: boolean): AsyncGenerator<Uint8Array> {
  yield await WARCSerializer.serialize(info, { gzip });
  for await (const r of records) yield await WARCSerializer.serialize(r, { gzip });
}
