import { isChangeField } from '../search/query/ast.js';
import { planQuery, type PlanNode, type SeqNode } from '../search/query/plan.js';
import type { TextToken } from '../search/text/tokens.js';
import { matchesPlan, type AlertMatcher, type MatchDoc, type MatchSearch } from './match.js';

/**
 * Keys a document must hold for a query to have a chance, so that a batch is matched against the few
 * saved searches whose words it contains instead of against all of them. A key is a folded Latin word
 * (`w:`), the first three letters of a word for a prefix query (`p:`), or one Hangul syllable (`h:`:
 * Hangul terms match inside longer runs, so a syllable is what a document surely holds).
 */
type Anchor = string[] | null;

const PREFIX_KEY = 3;

function seqAnchor(seq: SeqNode): Anchor {
  let best: string | null = null;
  seq.tokens.forEach((t, i) => {
    let key: string | null;
    if (t.hangul) key = t.text ? `h:${[...t.text].at(-1)}` : null;
    else if (seq.prefix && i === seq.tokens.length - 1) key = t.text.length >= PREFIX_KEY ? `p:${t.text.slice(0, PREFIX_KEY)}` : null;
    else key = `w:${t.text}`;
    // The longest word is the most telling; a syllable or a prefix only when nothing better is there.
    if (key && (!best || rank(key) > rank(best))) best = key;
  });
  return best ? [best] : null;
}

const rank = (key: string) => (key.startsWith('w:') ? 1000 + key.length : key.startsWith('p:') ? 100 : 10);

/** Keys of which a matching document holds at least one, or null when no such set can be said. */
export function anchorOf(node: PlanNode): Anchor {
  switch (node.type) {
    case 'seq':
      // What an edit added or removed is not in the text as it stands: such terms are always tried.
      return isChangeField(node.field) ? null : seqAnchor(node);
    case 'filter':
    case 'not':
      return null;
    case 'and': {
      // Any one child's keys will do: take the child with the fewest.
      let best: Anchor = null;
      for (const c of node.children) {
        const a = anchorOf(c);
        if (a && (!best || a.length < best.length)) best = a;
      }
      return best;
    }
    case 'or': {
      const keys = new Set<string>();
      for (const c of node.children) {
        const a = anchorOf(c);
        if (!a) return null;
        for (const k of a) keys.add(k);
      }
      return [...keys];
    }
  }
}

/** The keys a document holds (title and body). */
export function documentKeys(doc: MatchDoc): Set<string> {
  const keys = new Set<string>();
  const add = (tokens: TextToken[]) => {
    for (const t of tokens) {
      if (t.hangul) for (const ch of t.text) keys.add(`h:${ch}`);
      else {
        keys.add(`w:${t.text}`);
        if (t.text.length >= PREFIX_KEY) keys.add(`p:${t.text.slice(0, PREFIX_KEY)}`);
      }
    }
  };
  add(doc.title);
  add(doc.body);
  return keys;
}

interface Compiled {
  id: number;
  plan: PlanNode;
}

/**
 * Matches a stored batch against every saved search at once: the saved queries are indexed by their
 * anchor keys (kept while the set of saved searches is the same), each document looks up the searches
 * its keys can satisfy, and only those are evaluated, with the same rules as ReferenceMatcher.
 */
export class IndexedMatcher implements AlertMatcher {
  private compiledFor = '';
  private byKey = new Map<string, Compiled[]>();
  private always: Compiled[] = [];

  match(searches: readonly MatchSearch[], docs: readonly MatchDoc[]): number[][] {
    this.compile(searches);
    return docs.map((doc) => {
      const seen = new Set<number>();
      const out: number[] = [];
      const tryOne = (c: Compiled) => {
        if (seen.has(c.id)) return;
        seen.add(c.id);
        if (matchesPlan(c.plan, doc)) out.push(c.id);
      };
      for (const c of this.always) tryOne(c);
      for (const key of documentKeys(doc)) {
        const list = this.byKey.get(key);
        if (list) for (const c of list) tryOne(c);
      }
      return out.sort((a, b) => a - b);
    });
  }

  private compile(searches: readonly MatchSearch[]): void {
    const signature = searches.map((s) => `${s.id}\u0000${s.query}`).join('\u0001');
    if (signature === this.compiledFor) return;
    this.compiledFor = signature;
    this.byKey = new Map();
    this.always = [];
    for (const s of searches) {
      let plan: PlanNode;
      try {
        plan = planQuery(s.query);
      } catch {
        continue; // a query that no longer parses matches nothing
      }
      const c = { id: s.id, plan };
      const anchor = anchorOf(plan);
      if (!anchor) this.always.push(c);
      else
        for (const k of anchor) {
          const list = this.byKey.get(k);
          if (list) list.push(c);
          else this.byKey.set(k, [c]);
        }
    }
  }
}
