import type Database from 'better-sqlite3';
import { isChangeField } from '../query/ast.js';
import type { PlanNode } from '../query/plan.js';
import { seqIndexTokens } from './fts-query.js';

/**
 * Drops from OR lists the sequences that name a token the index has never seen: such a phrase matches
 * nothing, yet FTS5 would still read the doclists of its other tokens. A name's spelling variants
 * ("kim jong il" OR "kim jongil" OR "kim jung il" …) mostly share a common first token, so this spares
 * several reads of one long doclist. The result set is unchanged.
 */
export class VariantPruner {
  private readonly lookup;
  private readonly known = new Map<string, boolean>();
  private generation = -1;

  constructor(raw: Database.Database) {
    raw.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab('main', 'search_fts', 'row')`);
    this.lookup = raw.prepare<[string], number>('SELECT 1 FROM temp.search_vocab WHERE term = ?').pluck();
  }

  /** `plan` without the impossible alternatives; `generation` changes whenever the index may have new terms. */
  prune(plan: PlanNode, generation: number): PlanNode {
    if (generation !== this.generation) {
      this.known.clear();
      this.generation = generation;
    }
    return this.walk(plan);
  }

  private walk(node: PlanNode): PlanNode {
    switch (node.type) {
      case 'or': {
        const children = node.children.map((c) => this.walk(c));
        // Text a version removed may be in no current article: `added:` and `removed:` are never pruned.
        const possible = children.filter((c) => c.type !== 'seq' || isChangeField(c.field) || this.possible(c));
        // Keep one when none can match: the expression stays valid and still matches nothing.
        return { type: 'or', children: possible.length ? possible : children.slice(0, 1) };
      }
      case 'and':
        return { type: 'and', children: node.children.map((c) => this.walk(c)) };
      case 'not':
        return { type: 'not', child: this.walk(node.child) };
      default:
        return node;
    }
  }

  private possible(seq: PlanNode & { type: 'seq' }): boolean {
    const { tokens, prefix } = seqIndexTokens(seq);
    const whole = prefix ? tokens.slice(0, -1) : tokens;
    return whole.every((t) => this.has(t));
  }

  private has(term: string): boolean {
    let found = this.known.get(term);
    if (found === undefined) {
      found = this.lookup.get(term) !== undefined;
      this.known.set(term, found);
    }
    return found;
  }
}
