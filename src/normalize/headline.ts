import { isDatelineStart } from '../dates/dateline.js';
import { titleKey } from './title.js';

/**
 * Scraped bodies often repeat the headline as their first line. It is dropped when it matches the
 * title, or when it is a short line standing right before the dateline (the headline slot).
 */
export function stripRepeatedTitle(paragraphs: string[], title: string | null): string[] {
  if (paragraphs.length < 2) return paragraphs;
  const first = paragraphs[0];
  if (isDatelineStart(first)) return paragraphs;
  if (title && sameHeadline(first, title)) return paragraphs.slice(1);
  if (first.length <= 300 && isDatelineStart(paragraphs[1]) && !/[.!?。]$/u.test(first)) return paragraphs.slice(1);
  return paragraphs;
}

/** Whether a body line repeats the title: the same words, one a prefix of the other, or ¾ of the words shared. */
export function sameHeadline(line: string, title: string): boolean {
  const b = titleKey(title);
  if (!b) return false;
  const wb = b.split(' ');
  // A first paragraph of running text is far longer than a title: only its start is keyed when that decides.
  const cut = line.length > LONG_LINE ? line.indexOf(' ', Math.max(LONG_LINE / 2, 2 * b.length)) : -1;
  if (cut > 0) {
    const start = titleKey(line.slice(0, cut));
    if (start.length > b.length && distinctWords(start) > wb.length / 0.75) return start.startsWith(b);
  }
  const a = titleKey(line);
  if (!a) return false;
  if (a === b || a.startsWith(b) || b.startsWith(a)) return true;
  const wa = new Set(a.split(' '));
  // A sentence that says more than the title ("The 2nd grand workshop … continues." under "2nd Grand
  // Workshop … Continues") is the article's lead, not the headline repeated.
  if (SENTENCE_END.test(line.trim()) && !SENTENCE_END.test(title.trim()) && wa.size > wb.length) return false;
  const shared = wb.filter((w) => wa.has(w)).length;
  return shared / Math.max(wa.size, wb.length) >= 0.75;
}

/**
 * Lines longer than this are keyed up to a space first. Cut before a space, the start's key is exactly the
 * start of the whole line's key (lower-casing looks no further than the next space), so when it is longer
 * than the title's key the line equals neither it nor a prefix of it, and when it holds more distinct words
 * than the title's ¾ share allows, only "starts with the title" is left to test.
 */
const LONG_LINE = 160;
const SENTENCE_END = /[.!?。]$/u;

function distinctWords(key: string): number {
  return new Set(key.split(' ')).size;
}
