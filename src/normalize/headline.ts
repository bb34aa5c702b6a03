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

function sameHeadline(line: string, title: string): boolean {
  const a = titleKey(line);
  const b = titleKey(title);
  if (!a || !b) return false;
  if (a === b || a.startsWith(b) || b.startsWith(a)) return true;
  const wa = new Set(a.split(' '));
  const wb = b.split(' ');
  const shared = wb.filter((w) => wa.has(w)).length;
  return shared / Math.max(wa.size, wb.length) >= 0.75;
}
