/**
 * An Aho–Corasick automaton over UTF-16 code units with a dense transition table: one array read per
 * character of the scanned text.
 *
 * Why not modern-ahocorasick, which this matcher used first: on the folded gazetteer text it scans at
 * ~60 ns per character (its double-array `/fast` backend slower still), and the gazetteer scan was the
 * largest part of entity extraction's cost on import. This table scans the same texts about five times
 * faster; its tests check that it finds exactly what the library finds (`automaton.test.ts`).
 */
import { CodeUnits } from '../text/code-units.js';

export interface AutomatonMatch {
  /** Index of the pattern in the list the automaton was built from. */
  pattern: number;
  start: number;
  end: number;
}

const SKIPPED = -1;
const COLLAPSED = 0x10000;
const SYMBOL = 0xffff;

export class Automaton {
  /** Code unit → symbol (0: a unit no pattern contains). */
  private readonly symbolOf = new Uint16Array(0x10000);
  private readonly symbols: number;
  /** delta[state · symbols + symbol] → next state. */
  private readonly delta: Uint16Array | Uint32Array;
  /** The pattern ending at a state, or −1. */
  private readonly output: Int32Array;
  /** The nearest proper suffix state that ends a pattern, or 0. */
  private readonly dictLink: Uint32Array;
  /** The first state to report on reaching a state: itself when it ends a pattern, else its dictionary link (one load a character). */
  private readonly firstOutput: Uint32Array;
  /** `searchThrough`'s table for the last mapping it was given: code unit → symbol, SKIPPED or symbol | COLLAPSED. */
  private through: { unitOf: Uint16Array; skip: number; collapse: number; table: Int32Array } | null = null;
  private readonly lengths: Uint16Array;
  private readonly units = new CodeUnits();

  constructor(readonly patterns: readonly string[]) {
    let symbols = 1;
    for (const p of patterns) {
      if (p.length === 0) throw new RangeError('empty pattern');
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        if (this.symbolOf[c] === 0) this.symbolOf[c] = symbols++;
      }
    }
    this.symbols = symbols;
    this.lengths = Uint16Array.from(patterns, (p) => p.length);

    // The trie, with children kept sparse while building.
    const children: Map<number, number>[] = [new Map()];
    const output: number[] = [-1];
    patterns.forEach((p, index) => {
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const sym = this.symbolOf[p.charCodeAt(i)];
        let next = children[s].get(sym);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          output.push(-1);
          children[s].set(sym, next);
        }
        s = next;
      }
      if (output[s] < 0) output[s] = index;
    });

    // Failure links breadth first, folded into a dense transition table as we go.
    const n = children.length;
    // Sixteen-bit states when they fit: half the table, so more of it stays in the CPU's caches.
    const delta = n <= 0xffff ? new Uint16Array(n * symbols) : new Uint32Array(n * symbols);
    const fail = new Uint32Array(n);
    const dictLink = new Uint32Array(n);
    const queue: number[] = [];
    for (const [sym, next] of children[0]) {
      delta[sym] = next;
      queue.push(next);
    }
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head];
      const f = fail[s];
      dictLink[s] = output[f] >= 0 ? f : dictLink[f];
      const row = s * symbols;
      delta.set(delta.subarray(f * symbols, f * symbols + symbols), row);
      for (const [sym, next] of children[s]) {
        fail[next] = delta[f * symbols + sym];
        delta[row + sym] = next;
        queue.push(next);
      }
    }
    this.delta = delta;
    this.output = Int32Array.from(output);
    this.dictLink = dictLink;
    this.firstOutput = Uint32Array.from(output, (o, state) => (o >= 0 ? state : dictLink[state]));
  }

  /** The mapping and the symbol table composed: one load tells the scan what a code unit is. */
  private throughTable(unitOf: Uint16Array, skip: number, collapse: number): Int32Array {
    const t = this.through;
    if (t && t.unitOf === unitOf && t.skip === skip && t.collapse === collapse) return t.table;
    const table = new Int32Array(0x10000);
    for (let c = 0; c < 0x10000; c++) {
      const u = unitOf[c];
      table[c] = u === skip ? SKIPPED : u === collapse ? this.symbolOf[u] | COLLAPSED : this.symbolOf[u];
    }
    this.through = { unitOf, skip, collapse, table };
    return table;
  }

  /**
   * The same as `search` on the text mapped unit by unit through `unitOf`, without building that text:
   * `skip` drops a character, a run of `collapse` counts once, and offsets are the original text's.
   */
  searchThrough(text: string, unitOf: Uint16Array, skip: number, collapse: number): AutomatonMatch[] {
    const { symbols, delta, output, dictLink, firstOutput, lengths } = this;
    const symbolThrough = this.throughTable(unitOf, skip, collapse);
    const out: AutomatonMatch[] = [];
    const units = this.units.of(text);
    let s = 0;
    let lastCollapsed = false;
    for (let i = 0; i < text.length; i++) {
      const v = symbolThrough[units[i]];
      if (v < 0) continue;
      if (v & COLLAPSED) {
        if (lastCollapsed) continue;
        lastCollapsed = true;
      } else lastCollapsed = false;
      s = delta[s * symbols + (v & SYMBOL)];
      for (let t = firstOutput[s]; t !== 0; t = dictLink[t]) {
        const pattern = output[t];
        out.push({ pattern, start: mappedStart(units, symbolThrough, i, lengths[pattern]), end: i + 1 });
      }
    }
    return out;
  }

  /** Every occurrence of every pattern (overlaps included), in order of their end. */
  search(text: string): AutomatonMatch[] {
    const { symbolOf, symbols, delta, output, dictLink, firstOutput, lengths } = this;
    const out: AutomatonMatch[] = [];
    let s = 0;
    const units = this.units.of(text);
    for (let i = 0; i < text.length; i++) {
      s = delta[s * symbols + symbolOf[units[i]]];
      for (let t = firstOutput[s]; t !== 0; t = dictLink[t]) {
        const pattern = output[t];
        out.push({ pattern, start: i + 1 - lengths[pattern], end: i + 1 });
      }
    }
    return out;
  }
}

/**
 * The original offset where a match of `length` mapped units ending at unit `end` starts, found by walking
 * back over the text when a match is reported (rare) rather than recording every unit's offset as the scan
 * passes it. A run of collapsed units (skipped ones between them included) counts once, at its first unit.
 */
function mappedStart(units: Uint16Array, symbolThrough: Int32Array, end: number, length: number): number {
  let at = end;
  for (let left = length - 1; left > 0; left--) {
    let j = at - 1;
    while (symbolThrough[units[j]] < 0) j--;
    if (symbolThrough[units[j]] & COLLAPSED) {
      // Back to the run's first collapsed unit: the one the scan mapped.
      for (let q = j - 1; q >= 0; q--) {
        const v = symbolThrough[units[q]];
        if (v < 0) continue;
        if (!(v & COLLAPSED)) break;
        j = q;
      }
    }
    at = j;
  }
  return at;
}
