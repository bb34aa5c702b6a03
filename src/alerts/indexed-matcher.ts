import { isChangeField } from '../search/query/ast.js';
import { planQuery, type PlanNode, type SeqNode } from '../search/query/plan.js';
import { matchesPlan, type AlertMatcher, type MatchDoc, type MatchSearch } from './match.js';

/**
 * What a document must hold for a query to have a chance, so that a batch is matched against the few
 * saved searches whose words it contains instead of against all of them: alternatives, each a set of keys
 * that must all be present. A key is a folded Latin word (`w:`), the first three letters of a word for a
 * prefix query (`p:`), or one Hangul syllable (`h:`: Hangul terms match inside longer runs, so their
 * syllables are what a document surely holds). Null: no such condition can be said (always tried).
 */
type Anchor = string[][] | null;

const PREFIX_KEY = 3;
/** Held by a document that is an edit (it carries the text before). */
const EDIT_KEY = 'e:';
/** Alternatives kept for one query before its conditions are loosened (an AND of ORs multiplies them). */
const MAX_ALTERNATIVES = 32;

function seqKeys(seq: SeqNode): string[] {
  const keys = new Set<string>();
  seq.tokens.forEach((t, i) => {
    if (t.hangul) for (const ch of t.text) keys.add(`h:${ch}`);
    else if (seq.prefix && i === seq.tokens.length - 1) {
      if (t.text.length >= PREFIX_KEY) keys.add(`p:${t.text.slice(0, PREFIX_KEY)}`);
    } else keys.add(`w:${t.text}`);
  });
  return [...keys];
}

/** The alternatives of key sets a matching document satisfies one of, or null when none can be said. */
export function anchorOf(node: PlanNode): Anchor {
  switch (node.type) {
    case 'seq': {
      // What an edit added or removed: tried on every edit (and never on a new article).
      if (isChangeField(node.field)) return [[EDIT_KEY]];
      const keys = seqKeys(node);
      return keys.length ? [keys] : null;
    }
    case 'filter':
    case 'not':
      return null;
    case 'and': {
      // Every child must match: combine their conditions (each alternative of one with each of another).
      let acc: string[][] | null = null;
      for (const c of node.children) {
        const a = anchorOf(c);
        if (!a) continue;
        if (!acc) acc = a;
        else if (acc.length * a.length <= MAX_ALTERNATIVES) acc = acc.flatMap((x) => a.map((y) => [...new Set([...x, ...y])]));
        else if (a.length < acc.length) acc = a;
      }
      return acc;
    }
    case 'or': {
      const alternatives = new Map<string, string[]>();
      for (const c of node.children) {
        const a = anchorOf(c);
        if (!a) return null;
        for (const keys of a) alternatives.set([...keys].sort().join(' '), keys);
      }
      const out = [...alternatives.values()];
      // Too many alternatives: keep the condition every one of them shares, if any.
      if (out.length > MAX_ALTERNATIVES) {
        const shared = out.reduce((x, y) => x.filter((k) => y.includes(k)));
        return shared.length ? [shared] : null;
      }
      return out;
    }
  }
}

/**
 * The keys a document holds (title and body; an edit also holds EDIT_KEY). Words are gathered once each
 * before keys are made (an article repeats most of its words); prefix keys only when a search needs them.
 */
export function documentKeys(doc: MatchDoc, withPrefixes = true): Set<string> {
  const words = new Set<string>();
  const hangul = new Set<string>();
  for (const stream of [doc.title, doc.body]) for (const t of stream) (t.hangul ? hangul : words).add(t.text);
  const keys = new Set<string>();
  for (const w of words) {
    keys.add(`w:${w}`);
    if (withPrefixes && w.length >= PREFIX_KEY) keys.add(`p:${w.slice(0, PREFIX_KEY)}`);
  }
  for (const run of hangul) for (const ch of run) keys.add(`h:${ch}`);
  if (doc.previous) keys.add(EDIT_KEY);
  return keys;
}

interface Compiled {
  id: number;
  plan: PlanNode;
}

/** One alternative of one search: the keys it needs (all of them). */
interface Condition {
  search: Compiled;
  keys: string[];
}

/** How telling a key is: a long word most, then a prefix, then a Hangul syllable or the edit mark. */
const telling = (key: string) => (key.startsWith('w:') ? 100 + key.length : key.startsWith('p:') ? 50 : 0);

/**
 * Matches a stored batch against every saved search at once: each search's conditions are filed under
 * their most telling key (kept while the set of saved searches is the same); a document looks up the
 * conditions filed under the keys it holds, checks their other keys, and evaluates only the searches with
 * a condition fully met, with the same rules as ReferenceMatcher.
 */
export class IndexedMatcher implements AlertMatcher {
  private compiledFor = '';
  private conditions: Condition[] = [];
  private byKey = new Map<string, number[]>();
  private always: Compiled[] = [];
  /** Whether any condition needs a prefix key. */
  private prefixes = false;
  /** Searches evaluated in the last call (for the benchmark). */
  lastEvaluated = 0;

  match(searches: readonly MatchSearch[], docs: readonly MatchDoc[]): number[][] {
    this.compile(searches);
    this.lastEvaluated = 0;
    return docs.map((doc) => {
      const seen = new Set<number>();
      const out: number[] = [];
      const tryOne = (c: Compiled) => {
        if (seen.has(c.id)) return;
        seen.add(c.id);
        this.lastEvaluated++;
        if (matchesPlan(c.plan, doc)) out.push(c.id);
      };
      for (const c of this.always) tryOne(c);
      const keys = documentKeys(doc, this.prefixes);
      for (const key of keys) {
        const list = this.byKey.get(key);
        if (!list) continue;
        // Each condition is filed under its most telling key; the rest are checked here.
        outer: for (const i of list) {
          const condition = this.conditions[i];
          if (seen.has(condition.search.id)) continue;
          for (const k of condition.keys) if (!keys.has(k)) continue outer;
          tryOne(condition.search);
        }
      }
      return out.sort((a, b) => a - b);
    });
  }

  /** Planned queries, kept when the saved searches change (a new one plans only itself). */
  private readonly plans = new Map<string, PlanNode | null>();

  private planOf(query: string): PlanNode | null {
    let plan = this.plans.get(query);
    if (plan === undefined) {
      try {
        plan = planQuery(query);
      } catch {
        plan = null;
      }
      if (this.plans.size >= 100_000) this.plans.clear();
      this.plans.set(query, plan);
    }
    return plan;
  }

  private compile(searches: readonly MatchSearch[]): void {
    const signature = searches.map((s) => `${s.id}\u0000${s.query}`).join('\u0001');
    if (signature === this.compiledFor) return;
    this.compiledFor = signature;
    this.conditions = [];
    this.byKey = new Map();
    this.always = [];
    this.prefixes = false;
    for (const s of searches) {
      const plan = this.planOf(s.query);
      if (!plan) continue; // a query that no longer parses matches nothing
      const search = { id: s.id, plan };
      const anchor = anchorOf(plan);
      if (!anchor) {
        this.always.push(search);
        continue;
      }
      for (const keys of anchor) {
        const i = this.conditions.push({ search, keys }) - 1;
        if (keys.some((k) => k.startsWith('p:'))) this.prefixes = true;
        const pivot = keys.reduce((best, k) => (telling(k) > telling(best) ? k : best));
        const list = this.byKey.get(pivot);
        if (list) list.push(i);
        else this.byKey.set(pivot, [i]);
      }
    }
  }
}
