import { findSeq, type Span } from './match.js';
import type { SeqNode } from './query/plan.js';
import { foldHangul } from './text/fold.js';
import { tokenize } from './text/tokens.js';

const BEFORE = 80;
const WINDOW = 240;
const SCAN_LIMIT = 60000;
/** Characters after the first hit tokenized for a snippet: enough for its window, then a wider try. */
const NEAR_WINDOWS = [480, 1200];

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Where the query's words occur in `text` (original offsets), sorted, overlaps merged. */
export function matchSpans(text: string, seqs: SeqNode[]): Span[] {
  if (seqs.length === 0 || !text) return [];
  const stream = tokenize(text.length > SCAN_LIMIT ? text.slice(0, SCAN_LIMIT) : text);
  const spans = seqs.flatMap((s) => findSeq(stream, s)).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/** `text` escaped, with the spans wrapped in <mark>. */
export function highlight(text: string, spans: Span[], from = 0, to = text.length): string {
  let out = '';
  let at = from;
  for (const s of spans) {
    if (s.end <= from || s.start >= to) continue;
    const a = Math.max(s.start, from);
    const b = Math.min(s.end, to);
    out += escapeHtml(text.slice(at, a)) + '<mark>' + escapeHtml(text.slice(a, b)) + '</mark>';
    at = b;
  }
  return out + escapeHtml(text.slice(at, to));
}

/**
 * Spans near the first place any sequence's first token appears (found with a plain string search), so
 * only a short window is tokenized; null when that finds nothing and the whole text must be scanned. The
 * window is widened once when the first match lies too far in for the snippet around it.
 */
function nearFirst(body: string, seqs: SeqNode[]): Span[] | null {
  let folded: string | null = null;
  let lower: string | null = null;
  let at = -1;
  for (const s of seqs) {
    const first = s.tokens[0];
    const pos = first.hangul ? (folded ??= foldHangul(body)).indexOf(first.text) : (lower ??= body.toLowerCase()).indexOf(first.text);
    if (pos >= 0 && (at < 0 || pos < at)) at = pos;
  }
  if (at < 0) return null;
  let from = Math.max(0, at - 40);
  while (from > 0 && !/\s/.test(body[from - 1])) from--;
  for (const size of NEAR_WINDOWS) {
    const to = Math.min(body.length, at + size);
    const spans = matchSpans(body.slice(from, to), seqs);
    // The snippet shows up to WINDOW (+20) characters from BEFORE before the first match.
    if (spans.length > 0 && (to === body.length || spans[0].start + from + WINDOW - BEFORE + 20 <= to)) {
      return spans.map((x) => ({ start: x.start + from, end: x.end + from }));
    }
  }
  return null;
}

/** A window of the body around the first match, matches marked; the opening lines when the body has none. */
export function snippet(body: string, seqs: SeqNode[]): string {
  const spans = (seqs.length ? nearFirst(body, seqs) : null) ?? matchSpans(body, seqs);
  const first = spans[0];
  let from = first ? Math.max(0, first.start - BEFORE) : 0;
  let to = Math.min(body.length, from + WINDOW);
  // Start and end at word boundaries when one is near.
  if (from > 0 && from <= 20 && !/\s/.test(body.slice(0, from))) from = 0;
  for (let k = from; from > 0 && k > from - 20 && k > 0; k--) {
    if (/\s/.test(body[k - 1])) {
      from = k;
      break;
    }
  }
  for (let k = to; to < body.length && k < to + 20 && k < body.length; k++) {
    if (/\s/.test(body[k])) {
      to = k;
      break;
    }
  }
  const text = highlight(body, spans, from, to).replace(/\n/g, ' ¶ ');
  return `${from > 0 ? '… ' : ''}${text}${to < body.length ? ' …' : ''}`;
}
