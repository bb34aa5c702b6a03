import { Automaton } from './automaton.js';
import { DROP, FOLD, SEP, foldPattern, isHangul, isWordChar } from './fold.js';
import type { Entity } from './gazetteer.js';

/** One occurrence of an entity in a text, as UTF-16 offsets into that text. */
export interface Mention {
  id: string;
  start: number;
  end: number;
}

interface PatternData {
  id: string;
  /** Abbreviations written in capitals (WPK, UN) match only as written. */
  exact?: string;
  hangul: boolean;
  /** A person's name of several words, which may be read where its spacing was lost. */
  words?: boolean;
}

const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;
const isGlue = (c: number) => isLower(c) || (c >= 48 && c <= 57);

/**
 * Finds every gazetteer entity in a text with one Aho–Corasick pass over the folded text, keeping the
 * leftmost-longest match and only matches that start and end on word boundaries of the original text.
 */
export class EntityMatcher {
  private readonly ac: Automaton | null;
  private readonly data: PatternData[];
  readonly patterns: number;

  constructor(entities: readonly Entity[]) {
    const seen = new Set<string>();
    const inputs: { pattern: string; data: PatternData }[] = [];
    for (const e of entities) {
      for (const form of [e.name, ...e.aliases, ...e.hangul]) {
        const folded = foldPattern(form);
        if (folded.length < 2 || seen.has(folded)) continue;
        seen.add(folded);
        const hangul = isHangul(folded.charCodeAt(0));
        const exact = /^[A-Z.]{2,6}$/.test(form) || /^[A-Z]{2,6}$/.test(form.replace(/[^A-Za-z]/g, '')) && form === form.toUpperCase() ? form : undefined;
        const data: PatternData = exact ? { id: e.id, exact, hangul } : { id: e.id, hangul };
        if (e.kind === 'person' && !hangul && /\s/.test(form.trim())) data.words = true;
        inputs.push({ pattern: folded, data });
      }
    }
    this.patterns = inputs.length;
    this.data = inputs.map((i) => i.data);
    this.ac = inputs.length ? new Automaton(inputs.map((i) => i.pattern)) : null;
  }

  find(text: string): Mention[] {
    if (!this.ac) return [];
    // Every occurrence first (the text folded as it is scanned, offsets in the original), then
    // leftmost-longest among the valid ones only: with spaces folded away a rejected pattern ("ndc"
    // across "and Choe") must not hide the name it overlaps.
    const valid: Mention[] = [];
    for (const { pattern, start, end } of this.ac.searchThrough(text, FOLD, DROP, SEP)) {
      const d = this.data[pattern];
      if (d.hangul) {
        if (start > 0 && isHangul(text.charCodeAt(start - 1))) continue;
      } else {
        // A name whose spacing was lost with its markup ("ComradeKim Jong Unwas", "August 4Kim Jong Un"):
        // a multi-word name starting with a capital may follow a lower-case letter or digit, and then end glued too.
        const glued = start > 0 && d.words && isGlue(text.charCodeAt(start - 1)) && isUpper(text.charCodeAt(start));
        if (start > 0 && isWordChar(text.charCodeAt(start - 1)) && !glued) continue;
        if (end < text.length && isWordChar(text.charCodeAt(end)) && !(glued && (isGlue(text.charCodeAt(end)) || isUpper(text.charCodeAt(end))))) continue;
        if (d.exact && text.slice(start, end) !== d.exact) continue;
      }
      valid.push({ id: d.id, start, end });
    }
    valid.sort((a, b) => a.start - b.start || b.end - a.end);
    const out: Mention[] = [];
    let reached = 0;
    for (const m of valid) {
      if (m.start < reached) continue;
      out.push(m);
      reached = m.end;
    }
    return out;
  }
}
