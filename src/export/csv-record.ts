import { ByteChunk } from './byte-chunk.js';
import type { ExportRecord, ExportVersion } from './export-record.js';
import { LIST_SEPARATOR } from './export-record.js';

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Writes one record's CSV line: the same bytes as `csvLine(csvCells(r))` (export.test.ts compares them),
 * written out field by field for the whole-archive dump, where building 25 cells per article and testing
 * each with the generic rules cost more than reading the archive. Numbers and booleans need neither
 * quoting nor neutralizing; every text (or missing value) goes through `text`.
 */
export function writeCsvRecord(r: ExportRecord, out: ByteChunk): void {
  out.text(
    `${r.id},${text(r.url)},${text(r.source)},${text(r.sourceName)},${text(r.lang)},${text(r.title)},${r.titleDerived},` +
    `${text(r.published)},${text(r.publishedAt)},${text(r.datePrecision)},${text(r.dateFrom)},${text(r.status)},${text(r.removedAt)},` +
    `${r.damaged},${r.repaired},${r.duplicateOf ?? ''},${r.storyId ?? ''},${list(r.aliases)},${list(r.copies)},` +
    `${typeof r.versions === 'number' ? r.versions : (r.versions as ExportVersion[]).length},${list(r.entities)},` +
    `${text(r.firstSeen)},${text(r.lastSeen)},${text(r.listingDate)},`,
  );
  // The widest cell goes to the bytes as it is, not through one more copy of the line.
  writeText(r.body.length === 1 ? r.body[0] : r.body.join('\n'), out);
  out.char(LINE_FEED);
}

/** The record's line as text (what `writeCsvRecord` writes). */
export function csvRecordLine(r: ExportRecord): string {
  const out = new ByteChunk(0);
  writeCsvRecord(r, out);
  return out.bytes().toString('utf8');
}

function list(items: string[]): string {
  return items.length === 0 ? '' : text(items.join(LIST_SEPARATOR));
}

const [LINE_FEED, QUOTE, APOSTROPHE] = [10, 34, 39];

/** `text(s)` written to the chunk piece by piece. */
function writeText(s: string, out: ByteChunk): void {
  const quoted = NEEDS_QUOTES.test(s);
  if (quoted) out.char(QUOTE);
  if (formulaStart(s)) out.char(APOSTROPHE);
  out.text(quoted && s.includes('"') ? s.replace(/"/g, '""') : s);
  if (quoted) out.char(QUOTE);
}

function formulaStart(s: string): boolean {
  const c = s.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

/**
 * A text cell: neutralized as `neutralizeCell` (web/csv.ts) does, a leading `=`, `+`, `-`, `@`, tab or
 * carriage return getting a `'`, then quoted when it holds a quote, comma or line break.
 */
function text(v: string | null): string {
  // As csvCell: no value is an empty cell (and a value of another type is written as it converts).
  if (typeof v !== 'string') return v === null || v === undefined ? '' : String(v);
  const s = formulaStart(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
