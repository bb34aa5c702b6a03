/**
 * Folding for name matching: letters and digits lower-cased and stripped of accents; spaces, hyphens,
 * apostrophes and dots dropped, so "Kim Jong-un", "Kim Jongun" and "KIM JONG UN" fold alike; every
 * other character becomes a separator that no pattern contains. `at[i]` is the offset in the original
 * text of folded character i.
 */
export interface Folded {
  text: string;
  at: Int32Array;
}

const ACCENTS: Record<string, string> = {
  á: 'a', à: 'a', â: 'a', ä: 'a', ã: 'a', é: 'e', è: 'e', ê: 'e', ë: 'e', í: 'i', ì: 'i', î: 'i', ï: 'i',
  ó: 'o', ò: 'o', ô: 'o', ö: 'o', õ: 'o', ú: 'u', ù: 'u', û: 'u', ü: 'u', ñ: 'n', ç: 'c', ŏ: 'o', ŭ: 'u',
};
export const SEP = 1;

export function isWordChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || (code >= 0xc0 && code <= 0x24f) || isHangul(code)
  );
}

export function isHangul(code: number): boolean {
  return code >= 0xac00 && code <= 0xd7a3;
}

function dropped(code: number): boolean {
  // space, tab, CR, LF, NBSP, ideographic space, hyphens and dashes, apostrophes, dots
  return (
    code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0 || code === 0x3000 || code === 45 || code === 0x2010 ||
    code === 0x2011 || code === 39 || code === 0x2019 || code === 46
  );
}

/** What each UTF-16 code folds to: a character, SEP (separator) or DROP (left out); built once. */
export const DROP = 0xffff;
export const FOLD = buildFoldTable();

function buildFoldTable(): Uint16Array {
  const t = new Uint16Array(0x10000).fill(SEP);
  for (let code = 0; code < 0x10000; code++) {
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57) || isHangul(code)) t[code] = code;
    else if (code >= 65 && code <= 90) t[code] = code + 32;
    else if (dropped(code)) t[code] = DROP;
    else if (code >= 0xc0 && code <= 0x24f) {
      const low = String.fromCharCode(code).toLowerCase();
      t[code] = (ACCENTS[low] ?? low).charCodeAt(0);
    }
  }
  return t;
}

const UTF16 = new TextDecoder('utf-16le');

export function foldText(s: string): Folded {
  const at = new Int32Array(s.length);
  const buf = new Uint16Array(s.length);
  let n = 0;
  let lastSep = false;
  for (let i = 0; i < s.length; i++) {
    const f = FOLD[s.charCodeAt(i)];
    if (f === DROP) continue;
    if (f === SEP) {
      if (lastSep) continue;
      lastSep = true;
    } else lastSep = false;
    buf[n] = f;
    at[n++] = i;
  }
  return { text: UTF16.decode(buf.subarray(0, n)), at: at.subarray(0, n) };
}

/** The folded form of a pattern (a name or alias). */
export function foldPattern(s: string): string {
  return foldText(s).text;
}
