import { decodeHTML } from 'entities';

// Spaces that scrapers leave behind: NBSP, ideographic space (U+3000), thin/zero-width spaces.
const ODD_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
const FULLWIDTH_DIGITS = /[\uFF10-\uFF19]/g;

/** Decodes HTML entities, including literal `&nbsp;` text left in scraped bodies. Repeated so `&amp;nbsp;` also resolves. */
export function decodeEntities(s: string): string {
  let prev = s;
  for (let i = 0; i < 3 && prev.includes('&'); i++) {
    const next = decodeHTML(prev);
    if (next === prev) break;
    prev = next;
  }
  return prev;
}

/** Unicode NFC, odd spaces to plain spaces, full-width digits to ASCII (Rodong writes ２０２６). */
export function cleanText(s: string): string {
  return decodeEntities(s)
    .normalize('NFC')
    .replace(ZERO_WIDTH, '')
    .replace(ODD_SPACES, ' ')
    .replace(FULLWIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/** Collapses runs of spaces and tabs inside a line and trims it. */
export function squashSpaces(line: string): string {
  return line.replace(/[ \t\f\v]+/g, ' ').trim();
}

/** U+FFFD marks bytes lost in decoding upstream; the text is kept as is and the article flagged. */
export function isDamaged(s: string): boolean {
  return s.includes('\uFFFD');
}
