import type { ChangeSnippet } from '../backend.js';
import type { ChangeField } from '../query/ast.js';
import type { SeqNode } from '../query/plan.js';
import { highlight, matchSpans } from '../snippet.js';
import type { Span } from '../match.js';

/** Longest stretch of removed or added text a result shows around the first match. */
const SIDE_CHARS = 240;

export interface HunkRow {
  id: number;
  change_id: number;
  article_id: number;
  removed: string;
  added: string;
  before: string;
  after: string;
}

export interface ChangeRow {
  id: number;
  article_id: number;
  version: number;
  seen_at: string;
}

/** What ChangeSearch reads from a backend (the tables of src/store/version-changes.ts). */
export interface ChangeReads {
  /** Changes with a hunk that may hold the text of one of the sequences (a superset: the count decides). */
  candidates(seqs: SeqNode[]): Promise<number[]>;
  /** The hunks of these changes, by change then hunk id. */
  hunksOfChanges(changeIds: number[]): Promise<HunkRow[]>;
  /** Each article's changes, by article, the latest first. */
  changesOf(articleIds: number[]): Promise<ChangeRow[]>;
}

/**
 * `added:` and `removed:` over the index of version changes (src/store/version-changes.ts).
 *
 * A version removed a phrase when the phrase occurs fewer times in the new text than in the old; only the
 * changed stretches can differ, so the occurrences are counted there: in each hunk's old side (unchanged
 * context + removed words + context) against its new side (context + added words + context), summed over
 * the version's hunks. The index finds the hunks a phrase may overlap; the count decides. So a name moved
 * within an article is neither removed nor added, and "Kim Jong Un's" → "Kim Jong Un" removes no name.
 */
export class ChangeSearch {
  constructor(private readonly reads: ChangeReads) {}

  /** Ascending ids of the articles a version of which removed (or added: the sequences' field) their text. */
  async articleIds(seqs: SeqNode[]): Promise<Int32Array> {
    const field = seqs[0].field as ChangeField;
    const candidates = await this.reads.candidates(seqs);
    if (candidates.length === 0) return new Int32Array(0);
    const byChange = new Map<number, { article: number; delta: number }>();
    for (const h of await this.reads.hunksOfChanges(candidates)) {
      const c = byChange.get(h.change_id) ?? { article: h.article_id, delta: 0 };
      c.delta += delta(h, seqs, field);
      byChange.set(h.change_id, c);
    }
    const ids = new Set<number>();
    for (const c of byChange.values()) if (c.delta > 0) ids.add(c.article);
    return Int32Array.from(ids).sort();
  }

  /** For each of `ids` that has one, the latest hunk that removed (added) the text of the query's `removed:` (`added:`) terms. */
  async snippets(ids: Int32Array, seqs: SeqNode[]): Promise<Map<number, ChangeSnippet>> {
    const out = new Map<number, ChangeSnippet>();
    const groups = (['removed', 'added'] as const)
      .map((field) => ({ field, seqs: seqs.filter((s) => s.field === field) }))
      .filter((g) => g.seqs.length > 0);
    if (groups.length === 0 || ids.length === 0) return out;
    const changes = await this.reads.changesOf(Array.from(ids));
    if (changes.length === 0) return out;
    const hunks = new Map<number, HunkRow[]>();
    for (const h of await this.reads.hunksOfChanges(changes.map((c) => c.id))) hunks.set(h.change_id, [...(hunks.get(h.change_id) ?? []), h]);
    for (const c of changes) {
      if (out.has(c.article_id)) continue;
      const list = hunks.get(c.id) ?? [];
      for (const g of groups) {
        // The version must have removed (added) the text overall; its snippet is the hunk that did.
        if (list.reduce((n, h) => n + delta(h, g.seqs, g.field), 0) <= 0) continue;
        const h = list.find((x) => delta(x, g.seqs, g.field) > 0)!;
        out.set(c.article_id, render(h, c.version, c.seen_at, groups.flatMap((x) => x.seqs)));
        break;
      }
    }
    return out;
  }
}

/** How many more times the hunk's removed side (or added side) holds the text than the other side. */
function delta(h: HunkRow, seqs: SeqNode[], field: ChangeField): number {
  const old = matchSpans(h.before + h.removed + h.after, seqs).length;
  const now = matchSpans(h.before + h.added + h.after, seqs).length;
  return field === 'removed' ? old - now : now - old;
}

/** A hunk as HTML: each side with the query's matches marked, the context around it. */
function render(h: HunkRow, version: number, seenAt: string, seqs: SeqNode[]): ChangeSnippet {
  const removedSeqs = seqs.filter((s) => s.field === 'removed');
  const addedSeqs = seqs.filter((s) => s.field === 'added');
  // Matches are found on a whole side (context included), so a phrase partly unchanged is marked whole.
  const oldText = h.before + h.removed + h.after;
  const newText = h.before + h.added + h.after;
  const oldSpans = matchSpans(oldText, removedSeqs);
  const newSpans = matchSpans(newText, addedSeqs);
  const b = h.before.length;
  // The context is the same on both sides: marked as on the side that has a match there.
  const [ctxText, ctxSpans, ctxAfter] = oldSpans.length > 0 ? [oldText, oldSpans, b + h.removed.length] : [newText, newSpans, b + h.added.length];
  return {
    version,
    seenAt,
    before: highlight(ctxText, ctxSpans, 0, b).trimStart(),
    removed: side(oldText, oldSpans, b, b + h.removed.length),
    added: side(newText, newSpans, b, b + h.added.length),
    after: highlight(ctxText, ctxSpans, ctxAfter, ctxText.length).trimEnd(),
  };
}

/** The changed stretch [from, to) of a side as HTML, cut to a window around its first match, paragraphs as ¶. */
function side(text: string, spans: Span[], from: number, to: number): string {
  if (to - from > SIDE_CHARS) {
    const first = spans.find((s) => s.end > from && s.start < to);
    const start = Math.max(from, (first?.start ?? from) - SIDE_CHARS / 3);
    const end = Math.min(to, start + SIDE_CHARS);
    return `${start > from ? '… ' : ''}${highlight(text, spans, start, end).replace(/\n/g, ' ¶ ')}${end < to ? ' …' : ''}`;
  }
  return highlight(text, spans, from, to).replace(/\n/g, ' ¶ ');
}
