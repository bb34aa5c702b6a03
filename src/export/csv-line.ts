import { neutralizeCell } from '../web/csv.js';

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV line (RFC 4180: a cell holding a quote, comma or line break is quoted, quotes doubled), every
 * cell neutralized against formulas as in every CSV the archive writes. Written by hand because the dump's
 * cells are plain strings and numbers: csv-stringify's per-cell options cost more than reading the archive.
 */
export function csvLine(cells: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const v = neutralizeCell(cells[i]);
    const s = v === null || v === undefined ? '' : String(v);
    if (i > 0) line += ',';
    line += NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }
  return line + '\n';
}
