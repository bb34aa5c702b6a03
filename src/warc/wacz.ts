import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CDXIndexer, type WARCRecord } from 'warcio';
import { ZipFile } from 'yazl';
import { isImageResource } from './image-records.js';
import { writeWarc } from './write-warc.js';

/** The WACZ version this archive writes (webrecorder's specification). */
export const WACZ_VERSION = '1.1.1';
const WARC_NAME = 'data.warc.gz';

/** A page of the package: a captured URL a replay tool lists, with its capture time and title. */
export interface WaczPage {
  url: string;
  /** ISO time of the capture the page replays. */
  ts: string;
  title?: string;
}

/**
 * The records of one item (an article's versions and photos). Its page is its latest response or resource
 * record other than a photo: the capture a replay tool opens for it.
 */
export interface WaczItem {
  records: AsyncIterable<WARCRecord>;
  title?: string;
}

export interface WaczMeta {
  title: string;
  description?: string;
  software?: string;
}

export interface WaczResult {
  bytes: number;
  records: number;
  pages: number;
}

interface Packaged {
  name: string;
  path: string;
  file: string;
  hash: string;
  bytes: number;
}

/**
 * Writes a WACZ package to `dest`: the WARC (`archive/data.warc.gz`, gzip per record), its CDXJ index
 * (`indexes/index.cdx`, sorted), `pages/pages.jsonl`, `datapackage.json` with each file's sha256 and
 * size, and `datapackage-digest.json`. Records stream to a temporary WARC first, so memory holds one
 * record plus the index lines; the zip stores every file as is (the WARC is compressed already).
 */
export async function writeWacz(info: WARCRecord, items: AsyncIterable<WaczItem>, dest: string, meta: WaczMeta): Promise<WaczResult> {
  const dir = mkdtempSync(join(tmpdir(), 'wacz-'));
  try {
    const pages: WaczPage[] = [];
    const warcFile = join(dir, WARC_NAME);
    let records = 0;
    async function* all(): AsyncGenerator<WARCRecord> {
      for await (const item of items) {
        let page: WaczPage | null = null;
        for await (const r of item.records) {
          records++;
          if ((r.warcType === 'response' || r.warcType === 'resource') && !isImageResource(r) && r.warcTargetURI) {
            page = { url: r.warcTargetURI, ts: r.warcDate ?? new Date().toISOString(), title: item.title };
          }
          yield r;
        }
        if (page) pages.push(page);
      }
    }
    await pipeline(writeWarc(info, all(), true), createWriteStream(warcFile));

    const indexFile = join(dir, 'index.cdx');
    await writeLines(indexFile, (await cdxjLines(warcFile)).sort());
    const pagesFile = join(dir, 'pages.jsonl');
    await writeLines(pagesFile, [
      JSON.stringify({ format: 'json-pages-1.0', id: 'pages', title: 'All Pages' }),
      ...pages.map((p, i) => JSON.stringify({ id: `page-${i + 1}`, url: p.url, ts: p.ts, ...(p.title ? { title: p.title } : {}) })),
    ]);

    const packaged: Packaged[] = [];
    for (const [name, path, file] of [
      [WARC_NAME, `archive/${WARC_NAME}`, warcFile],
      ['index.cdx', 'indexes/index.cdx', indexFile],
      ['pages.jsonl', 'pages/pages.jsonl', pagesFile],
    ] as const) {
      packaged.push({ name, path, file, hash: `sha256:${await sha256File(file)}`, bytes: statSync(file).size });
    }
    const datapackage = `${JSON.stringify(
      {
        profile: 'data-package',
        wacz_version: WACZ_VERSION,
        title: meta.title,
        ...(meta.description ? { description: meta.description } : {}),
        created: new Date().toISOString(),
        software: meta.software ?? 'Wirewatch',
        ...(pages[0] ? { mainPageUrl: pages[0].url, mainPageDate: pages[0].ts } : {}),
        resources: packaged.map(({ name, path, hash, bytes }) => ({ name, path, hash, bytes })),
      },
      null,
      2,
    )}\n`;
    const digest = `${JSON.stringify({ path: 'datapackage.json', hash: `sha256:${sha256(datapackage)}` }, null, 2)}\n`;

    const zip = new ZipFile();
    for (const p of packaged) zip.addReadStream(createReadStream(p.file), p.path, { compress: false, size: p.bytes });
    zip.addBuffer(Buffer.from(datapackage), 'datapackage.json', { compress: false });
    zip.addBuffer(Buffer.from(digest), 'datapackage-digest.json', { compress: false });
    zip.end();
    await pipeline(zip.outputStream, createWriteStream(dest));
    return { bytes: statSync(dest).size, records, pages: pages.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Indexes what a replay serves: a `metadata` record shares its version's URL and time, and a replay tool
 * that met it first would show the JSON instead of the page.
 */
class ReplayIndexer extends CDXIndexer {
  override filterRecord(record: WARCRecord): boolean {
    return record.warcType !== 'metadata' && super.filterRecord(record);
  }
}

/** One CDXJ line per replayable record (response, resource, revisit), with its offset and length in the WARC. */
async function cdxjLines(warcFile: string): Promise<string[]> {
  const indexer = new ReplayIndexer({ format: 'cdxj' });
  const lines: string[] = [];
  for await (const cdx of indexer.iterIndex([{ filename: WARC_NAME, reader: createReadStream(warcFile) }])) {
    lines.push(indexer.serializeCDXJ(cdx).trimEnd());
  }
  return lines;
}

async function writeLines(file: string, lines: readonly string[]): Promise<void> {
  const out = createWriteStream(file);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
