import { foldHangul, foldLatin, isHangulSyllable } from './fold.js';

/**
 * A token as the index sees it. Letters and digits make tokens (everything else separates them, as in
 * SQLite's unicode61 tokenizer); a run of Hangul syllables is always a token of its own, folded.
 */
export interface TextToken {
  /** Folded text. */
  text: string;
  hangul: boolean;
  /** UTF-16 offsets in the original text. */
  start: number;
  end: number;
}

const WORDS = /[\p{L}\p{N}\p{Co}]+/gu;

/** Splits text into folded tokens with their offsets (used for snippets and the brute-force reference). */
export function tokenize(text: string): TextToken[] {
  const out: TextToken[] = [];
  for (const m of text.matchAll(WORDS)) {
    const word = m[0];
    const base = m.index;
    let i = 0;
    while (i < word.length) {
      const hangul = isHangulSyllable(word.charCodeAt(i));
      let j = i + 1;
      while (j < word.length && isHangulSyllable(word.charCodeAt(j)) === hangul) j++;
      const piece = word.slice(i, j);
      out.push({ text: hangul ? foldHangul(piece) : foldLatin(piece), hangul, start: base + i, end: base + j });
      i = j;
    }
  }
  return out;
}

/** Overlapping bigrams of a folded Hangul run, then its last syllable: 조선노동당 → 조선 선노 노동 동당 당. */
export function runTokens(run: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  out.push(run[run.length - 1]);
  return out;
}

/** Overlapping bigrams only (a run's middle): 노동당 → 노동 동당. */
export function bigrams(run: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  return out;
}

const HANGUL_RUN = /[\uac00-\ud7a3]+/g;
const HAS_HANGUL = /[\uac00-\ud7a3]/;

/**
 * The text handed to the full-text index: unchanged when it has no Hangul (the tokenizer folds case and
 * diacritics itself); otherwise each Hangul run is replaced by its folded bigrams and last syllable.
 */
export function indexForm(text: string): string {
  if (!HAS_HANGUL.test(text)) return text;
  return text.replace(HANGUL_RUN, (run) => ` ${runTokens(foldHangul(run)).join(' ')} `);
}

export function hasHangul(text: string): boolean {
  return HAS_HANGUL.test(text);
}
