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
 * Anything from U+0300 on. A text without it is unchanged by NFC (below U+0300 every character is already
 * composed and composes with nothing before it) and holds no surrogate, zero-width character or full-width
 * digit. For a text V8 stores one byte a character (nearly every English body) the test costs nothing.
 */
const WIDE = /[\u0300-\uFFFF]/;
/** A control character that is dropped (one scan of the text: the price of finding NULs and the like). */
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/;

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
 * The text as published: control characters dropped (and reported), a lone surrogate made one U+FFFD,
 * zero-width characters removed, entities decoded once (unless `decoded`), Unicode NFC, odd spaces made
 * plain spaces, full-width digits made ASCII (Rodong writes ２０２６). Controls go before the entities
 * are decoded, so text that reached a scraper as UTF-16 read byte by byte (`&\0n\0b\0s\0p\0;\0`) is
 * decoded as the page was; a control written as a reference (`&#1;`) goes after.
 */
export function cleanText(s: string, opts?: CleanOptions): string {
  const report = opts?.report;
  let t = s;
  let more = WIDE.test(t);
  if (more || CONTROL.test(t)) t = removeControls(t, report);
  if (opts?.decoded !== true && t.includes('&')) {
    // kcna.co.jp's bodies hold no entity but `&nbsp;`: replaced as plain text, what it decodes to needs no
    // second scan. Any other entity is decoded in full, and the result scanned again.
    const spaced = t.replaceAll('&nbsp;', '\u00A0');
    const decoded = spaced.includes('&') ? decodeHTML(t) : spaced;
    if (decoded !== spaced && (WIDE.test(decoded) || CONTROL.test(decoded))) {
      t = removeControls(decoded, report);
      more = true;
    } else t = decoded;
  }
  if (more) t = t.normalize('NFC').replace(FULLWIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  return t.replace(ODD_SPACES, ' ');
}

/** Lone surrogates made U+FFFD, controls and zero-width characters dropped (the controls reported). */
function removeControls(s: string, report: { repaired: boolean } | undefined): string {
  const t = s.isWellFormed() ? s : s.toWellFormed();
  return t.replace(REMOVED, (c) => {
    if (report && c.charCodeAt(0) < FIRST_ZERO_WIDTH) report.repaired = true;
    return '';
  });
}

/** Collapses runs of spaces and tabs inside a line and trims it. */
export function squashSpaces(line: string): string {
  return line.replace(/[ \t\f\v]+/g, ' ').trim();
}

/** U+FFFD marks bytes lost in decoding upstream; the text is kept as is and the article flagged. */
export function isDamaged(s: string): boolean {
  return s.includes('\uFFFD');
}
