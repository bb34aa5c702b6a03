import { isChangeField } from '../query/ast.js';
import type { PlanNode, SeqNode } from '../query/plan.js';
import { bigrams, runTokens } from '../text/tokens.js';

/** The FTS5 tokens of a sequence and whether the last is a prefix (see SeqNode for the rules). */
export function seqIndexTokens(seq: SeqNode): { tokens: string[]; prefix: boolean } {
  const n = seq.tokens.length;
  const tokens: string[] = [];
  let prefix = false;
  seq.tokens.forEach((t, j) => {
    const last = j === n - 1;
    if (!t.hangul) {
      tokens.push(t.text);
      if (last && seq.prefix) prefix = true;
    } else if (t.text.length === 1 && last) {
      tokens.push(t.text);
      prefix = true;
    } else if (n === 1 || last) tokens.push(...bigrams(t.text));
    else tokens.push(...runTokens(t.text));
  });
  return { tokens, prefix };
}

export function seqMatch(seq: SeqNode): string {
  const { tokens, prefix } = seqIndexTokens(seq);
  const phrase = `"${tokens.join(' ').replace(/"/g, '""')}"${prefix ? '*' : ''}`;
  return seq.field ? `${seq.field} : ${phrase}` : phrase;
}

/**
 * An FTS5 MATCH expression for a plan node, or null when it needs more than the index (filters, lone NOT,
 * `added:` and `removed:`, which the index of version changes answers).
 */
export function toFts(node: PlanNode): string | null {
  switch (node.type) {
    case 'seq':
      return isChangeField(node.field) ? null : seqMatch(node);
    case 'filter':
      return null;
    case 'not':
      return null;
    case 'or': {
      const parts = node.children.map(toFts);
      return parts.every((p) => p !== null) ? `(${parts.join(' OR ')})` : null;
    }
    case 'and': {
      const pos: string[] = [];
      const neg: string[] = [];
      for (const c of node.children) {
        if (c.type === 'not') {
          const inner = toFts(c.child);
          if (inner === null) return null;
          neg.push(inner);
        } else {
          const p = toFts(c);
          if (p === null) return null;
          pos.push(p);
        }
      }
      if (pos.length === 0) return null;
      return `(${pos.join(' AND ')}${neg.length ? ` NOT (${neg.join(' OR ')})` : ''})`;
    }
  }
}
