// Folding shared by the index, the query side, snippets and the brute-force reference.
//
// Latin (and any non-Hangul) tokens: lower case, diacritics removed (é → e), as SQLite's unicode61
// tokenizer with remove_diacritics=2 does. Hangul syllables: North and South spellings are folded to
// one form (두음법칙), syllable by syllable, so the folded text has the same length as the original.

const S_BASE = 0xac00;
const S_LAST = 0xd7a3;
const L_NIEUN = 2;
const L_RIEUL = 5;
const L_IEUNG = 11;
/** Vowels before which initial ㄹ/ㄴ become ㅇ in the South: ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ. */
const Y_VOWELS = new Set([2, 3, 6, 7, 12, 17, 20]);

/** For every syllable, its folded code unit: 로→노, 리→이, 력→역, 녀→여, 련→연, 락→낙, 류→유 … */
const FOLD = new Uint16Array(S_LAST - S_BASE + 1);
for (let i = 0; i < FOLD.length; i++) {
  const lead = Math.floor(i / 588);
  const vowel = Math.floor((i % 588) / 28);
  let to = lead;
  if (lead === L_RIEUL) to = Y_VOWELS.has(vowel) ? L_IEUNG : L_NIEUN;
  else if (lead === L_NIEUN && Y_VOWELS.has(vowel)) to = L_IEUNG;
  FOLD[i] = S_BASE + to * 588 + (i % 588);
}

export function isHangulSyllable(code: number): boolean {
  return code >= S_BASE && code <= S_LAST;
}

/** Folds every Hangul syllable in `s` (other characters unchanged); length is preserved. */
export function foldHangul(s: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= S_BASE && c <= S_LAST) {
      const f = FOLD[c - S_BASE];
      if (f !== c) changed = true;
      out += String.fromCharCode(f);
    } else out += s[i];
  }
  return changed ? out : s;
}

const NON_ASCII = /[^\x00-\x7f]/;
const MARKS = /\p{M}/gu;

/** Folds a non-Hangul token: lower case; Latin diacritics removed. */
export function foldLatin(token: string): string {
  const lower = token.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  let latin = true;
  for (let i = 0; i < lower.length; i++) if (lower.charCodeAt(i) >= 0x370) latin = false;
  return latin ? lower.normalize('NFD').replace(MARKS, '').normalize('NFC') : lower;
}
