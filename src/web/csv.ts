import { stringify } from 'csv-stringify/sync';

/** Characters that make a spreadsheet read a cell as a formula (or a command) when they lead it. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell as exports write it: text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
 * leading `'`, so spreadsheets show it as text instead of running it as a formula. Numbers stay numbers.
 */
export function neutralizeCell(value: unknown): unknown {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** Rows (the header row included, when wanted) as CSV text, every cell neutralized. */
export function csvRows(rows: readonly (readonly unknown[])[]): string {
  return stringify(rows.map((r) => r.map(neutralizeCell)));
}
