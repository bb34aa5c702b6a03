import { isChangeField } from '../query/ast.js';
import type { PlanNode, SeqNode } from '../query/plan.js';

/**
 * Whether the text index alone answers a plan node: text sequences (not `added:`/`removed:`), OR of
 * such, AND of such with NOT terms beside at least one positive term. Filters and lone NOTs need more.
 */
export function isTextExpr(node: PlanNode): boolean {
  switch (node.type) {
    case 'seq':
      return !isChangeField(node.field);
    case 'filter':
    case 'not':
      return false;
    case 'or':
      return node.children.every(isTextExpr);
    case 'and': {
      let positive = 0;
      for (const c of node.children) {
        if (c.type === 'not') {
          if (!isTextExpr(c.child)) return false;
        } else if (!isTextExpr(c)) return false;
        else positive++;
      }
      return positive > 0;
    }
  }
}

/** OR of text expressions (one stays itself). */
export function anyOf(exprs: PlanNode[]): PlanNode {
  return exprs.length === 1 ? exprs[0] : { type: 'or', children: exprs };
}

/** AND of positive text expressions, minus any of the negative ones. */
export function allOf(positive: PlanNode[], negative: PlanNode[]): PlanNode {
  const children = [...positive];
  if (negative.length) children.push({ type: 'not', child: anyOf(negative) });
  return { type: 'and', children };
}

/**
 * The sequences of an `added:` or `removed:` term, or of an OR of such terms on one side (a name's
 * spellings), evaluated together against the index of version changes; null for anything else. An AND is
 * not joined here: each of its terms may match a different change of the article.
 */
export function changeGroup(node: PlanNode): SeqNode[] | null {
  if (node.type === 'seq') return isChangeField(node.field) ? [node] : null;
  if (node.type !== 'or') return null;
  const out: SeqNode[] = [];
  for (const c of node.children) {
    const g = changeGroup(c);
    if (!g || (out.length > 0 && g[0].field !== out[0].field)) return null;
    out.push(...g);
  }
  return out;
}
