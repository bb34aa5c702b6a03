import { decodeHTML } from 'entities';

// ES2024 string methods (Node 20 has them; the compile target predates them).
declare global {
  interface String {
    isWellFormed(): boolean;
    toWellFormed(): string;
  }
}

// Spaces that scrapers leave behind: NBSP, ideographic space (U+3000), thin/zero-width spaces.
const ODD_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
/**
 * Removed in one scan: control characters (C0 except tab, newline and carriage return, which the line
 * splitting reads; DEL; C1) and zero-width characters. Only the controls make the text "repaired".
 */
const REMOVED = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u200B-\u200D\u2060\uFEFF]/g;
const FIRST_ZERO_WIDTH = 0x200b;
const FULLWIDTH_DIGITS = /[\uFF10-\uFF19]/g;
/**
 * A control character, or anything from U+0300 on. A text without either (nearly every English body) is
 * unchanged by all the steps but the odd spaces: below U+0300 every character is already NFC and composes
 * with nothing before it, and surrogates, zero-width characters and full-width digits lie above. One scan
 * of such a text replaces the three (NFC, removals, digits) it would otherwise take.
 */
const MAY_CHANGE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u0300-\uFFFF]/;

export interface CleanOptions {
  /** The text was taken out of parsed HTML (a crawl): its entities are decoded already and are not decoded again. */
  decoded?: boolean;
  /** Set to `repaired: true` when control characters were dropped. */
  report?: { repaired: boolean };
}

/**
 * Decodes HTML entities exactly once, as a browser shows the text: `&nbsp;` left in scraped bodies is a
 * space, and `&amp;lt;` is the text `&lt;`, never `<`.
 */
export function decodeEntities(s: string): string {
  return s.includes('&') ? decodeHTML(s) : s;
}

/**
 * The text as published: entities decoded once (unless `decoded`), a lone surrogate made one U+FFFD,
 * control characters dropped (and reported), zero-width characters removed, Unicode NFC, odd spaces made
 * plain spaces, full-width digits made ASCII (Rodong writes ２０２６).
 */
export function cleanText(s: string, opts?: CleanOptions): string {
  let t = opts?.decoded === true ? s : decodeEntities(s);
  if (MAY_CHANGE.test(t)) {
    if (!t.isWellFormed()) t = t.toWellFormed();
    const report = opts?.report;
    // Before NFC: a dropped control must not keep a letter and its combining mark apart.
    t = t
      .replace(REMOVED, (c) => {
        if (report && c.charCodeAt(0) < FIRST_ZERO_WIDTH) report.repaired = true;
        return '';
      })
      .normalize('NFC')
      .replace(FULLWIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  }
  return t.replace(ODD_SPACES, ' ');
}

/** Collapses runs of spaces and tabs inside a line and trims it. */
export function squashSpaces(line: string): string {
  return line.replace(/[ \t\f\v]+/g, ' ').trim();
}

/** U+FFFD marks bytes lost in decoding upstream; the text is kept as is and the article flagged. */
export function isDamaged(s: string): boolean {
  return s.includes('\uFFFD');
}
