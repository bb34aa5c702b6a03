import { isChangeField, type FilterNode } from './query/ast.js';
import type { PlanNode, SeqNode } from './query/plan.js';
import type { TextToken } from './text/tokens.js';

/** A match of a sequence in a token stream: UTF-16 offsets in the original text. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Where `seq` occurs in `stream` — the same rules the index applies, evaluated directly on the text.
 * Used for highlighting and as the reference the index is tested against.
 */
export function findSeq(stream: TextToken[], seq: SeqNode, firstOnly = false): Span[] {
  const q = seq.tokens;
  const n = q.length;
  const spans: Span[] = [];
  outer: for (let p = 0; p + n <= stream.length; p++) {
    let start = -1;
    let end = -1;
    for (let j = 0; j < n; j++) {
      const tok = stream[p + j];
      const want = q[j];
      if (tok.hangul !== want.hangul) continue outer;
      let s = tok.start;
      let e = tok.end;
      if (!want.hangul) {
        const ok = j === n - 1 && seq.prefix ? tok.text.startsWith(want.text) : tok.text === want.text;
        if (!ok) continue outer;
      } else if (n === 1) {
        const at = tok.text.indexOf(want.text);
        if (at < 0) continue outer;
        // Several matches inside one run: report each.
        for (let k = at; k >= 0; k = tok.text.indexOf(want.text, k + 1)) {
          spans.push({ start: tok.start + k, end: tok.start + k + want.text.length });
          if (firstOnly) return spans;
        }
        continue outer;
      } else if (j === 0) {
        if (!tok.text.endsWith(want.text)) continue outer;
        s = tok.end - want.text.length;
      } else if (j === n - 1) {
        if (!tok.text.startsWith(want.text)) continue outer;
        e = tok.start + want.text.length;
      } else if (tok.text !== want.text) continue outer;
      if (j === 0) start = s;
      if (j === n - 1) end = e;
    }
    spans.push({ start, end });
    if (firstOnly) return spans;
  }
  return spans;
}

/** A document as the reference evaluator sees it. */
export interface RefDoc {
  id: number;
  title: TextToken[];
  body: TextToken[];
  source: string;
  lang: string;
  published: string;
  /** What the article's versions removed and added, hunk by hunk (for `removed:` and `added:`). */
  changes?: { removed: TextToken[]; added: TextToken[] }[];
}

/** Evaluates a plan against one document directly (no index): the brute-force reference. */
export function matchesDoc(node: PlanNode, doc: RefDoc): boolean {
  switch (node.type) {
    case 'seq': {
      const field = node.field;
      if (isChangeField(field)) return (doc.changes ?? []).some((h) => findSeq(h[field], node, true).length > 0);
      if (findSeq(doc.title, node, true).length > 0) return true;
      return node.field === null && findSeq(doc.body, node, true).length > 0;
    }
    case 'filter':
      return matchesFilter(node, doc.source, doc.lang, doc.published);
    case 'and':
      return node.children.every((c) => matchesDoc(c, doc));
    case 'or':
      return node.children.some((c) => matchesDoc(c, doc));
    case 'not':
      return !matchesDoc(node.child, doc);
  }
}

export function matchesFilter(node: FilterNode, source: string, lang: string, published: string): boolean {
  const v = node.value;
  if (v.kind === 'date') return (v.from === null || published >= v.from) && (v.to === null || published <= v.to);
  if (node.field === 'source') return source === v.value;
  if (node.field === 'lang') return lang === v.value;
  return false;
}
