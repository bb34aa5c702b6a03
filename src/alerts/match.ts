import { findSeq, matchesFilter, type RefDoc } from '../search/match.js';
import { planQuery, type PlanNode, type SeqNode } from '../search/query/plan.js';
import { isChangeField } from '../search/query/ast.js';
import type { TextToken } from '../search/text/tokens.js';

/** An article as it stands for matching; `entities`: the entity ids it mentions (for `entity:`). */
export interface MatchDoc extends RefDoc {
  entities?: ReadonlySet<string>;
  /** For an edit: the text before it, so `removed:` and `added:` can compare the two. */
  previous?: { title: TextToken[]; body: TextToken[] };
}

export interface MatchSearch {
  id: number;
  query: string;
}

/**
 * Which saved searches match which articles of a stored batch. Behind an interface so a faster batch
 * matcher (an inverted index over the saved queries' words) can replace the reference one.
 */
export interface AlertMatcher {
  /** For each document (by position), the ids of the searches it matches. */
  match(searches: readonly MatchSearch[], docs: readonly MatchDoc[]): number[][];
}

/**
 * Evaluates every saved query on every changed article's text directly, with the rules the index
 * applies (src/search/match.ts, the reference the index is tested against): correct, needs no index
 * state inside the writing transaction, and costs searches × articles.
 */
export class ReferenceMatcher implements AlertMatcher {
  private readonly plans = new Map<string, PlanNode | null>();

  match(searches: readonly MatchSearch[], docs: readonly MatchDoc[]): number[][] {
    const out = docs.map(() => [] as number[]);
    for (const s of searches) {
      const plan = this.plan(s.query);
      if (!plan) continue;
      docs.forEach((d, i) => {
        if (matchesPlan(plan, d)) out[i].push(s.id);
      });
    }
    return out;
  }

  private plan(query: string): PlanNode | null {
    if (!this.plans.has(query)) {
      if (this.plans.size > 50_000) this.plans.clear();
      let plan: PlanNode | null = null;
      try {
        plan = planQuery(query);
      } catch {
        // A query that no longer parses (the language changed) matches nothing rather than stopping the write.
      }
      this.plans.set(query, plan);
    }
    return this.plans.get(query)!;
  }
}

export function matchesPlan(node: PlanNode, doc: MatchDoc): boolean {
  switch (node.type) {
    case 'seq':
      if (isChangeField(node.field)) return changed(node, doc, node.field);
      return hasSeq(doc.title, node) || (node.field === null && hasSeq(doc.body, node));
    case 'filter':
      if (node.field === 'entity' && node.value.kind === 'keyword') return doc.entities?.has(node.value.value) ?? false;
      return matchesFilter(node, doc.source, doc.lang, doc.published);
    case 'and':
      return node.children.every((c) => matchesPlan(c, doc));
    case 'or':
      return node.children.some((c) => matchesPlan(c, doc));
    case 'not':
      return !matchesPlan(node.child, doc);
  }
}

/**
 * An edit removed a phrase when the text after it holds the phrase fewer times than the text before
 * (added: more times): the rule the search applies to stored version changes (docs/search.md › Edits).
 */
function changed(node: SeqNode, doc: MatchDoc, field: 'added' | 'removed'): boolean {
  if (!doc.previous) return false;
  const count = (t: { title: TextToken[]; body: TextToken[] }) => findSeq(t.title, node).length + findSeq(t.body, node).length;
  const before = count(doc.previous);
  const after = count(doc);
  return field === 'removed' ? after < before : after > before;
}

/** Where each word of a token stream stands, built once per stream (an article is tried against many searches). */
const positions = new WeakMap<TextToken[], Map<string, number[]>>();

function positionsIn(stream: TextToken[]): Map<string, number[]> {
  let found = positions.get(stream);
  if (!found) {
    found = new Map();
    stream.forEach((t, i) => {
      if (t.hangul) return;
      const list = found!.get(t.text);
      if (list) list.push(i);
      else found!.set(t.text, [i]);
    });
    positions.set(stream, found);
  }
  return found;
}

/**
 * findSeq's answer, started only where the sequence's first word stands when that word must match
 * exactly (a Latin word that is not a prefix); Hangul, which matches inside longer runs, is scanned whole.
 */
function hasSeq(stream: TextToken[], seq: SeqNode): boolean {
  const first = seq.tokens[0];
  if (!first || first.hangul || (seq.prefix && seq.tokens.length === 1)) return findSeq(stream, seq, true).length > 0;
  const n = seq.tokens.length;
  for (const p of positionsIn(stream).get(first.text) ?? []) {
    if (p + n <= stream.length && findSeq(stream.slice(p, p + n), seq, true).length > 0) return true;
  }
  return false;
}
