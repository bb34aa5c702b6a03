import { squashSpaces } from './text.js';

const MAX_DERIVED = 120;

/** A title derived from the first sentence, cut at a word boundary with an ellipsis when long. */
export function deriveTitle(paragraphs: string[]): string | null {
  const withoutDateline = paragraphs.map((p) => stripLeadingDateline(p).trim()).find((p) => p.length > 0);
  if (!withoutDateline) return null;
  const sentence = (withoutDateline.match(/^.+?[.!?。](?=\s|$)/u)?.[0] ?? withoutDateline).trim();
  return truncateAtWord(sentence, MAX_DERIVED);
}

export function truncateAtWord(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const space = cut.lastIndexOf(' ');
  const base = space > max * 0.5 ? cut.slice(0, space) : cut;
  return `${base.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}

function stripLeadingDateline(p: string): string {
  return p
    .replace(/^[A-Z][\p{L} .'-]{1,40},\s+[\p{L}0-9 .]{3,30}\s*\((?:KCNA|ACNC|ATCC)\)\s*-+\s*/u, '')
    .replace(/^\([^)]{2,40}(?:발|發)[^)]{0,20}\)\s*/u, '');
}

/** Fold used to compare a title with a body line: case, punctuation and spacing ignored. */
export function titleKey(s: string): string {
  return squashSpaces(s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' '));
}

/** Removes the prefixes outlets put on titles ("조선중앙통신 | …") and embedded page dates ("[Juche113.1.2.]"). */
export function cleanTitle(title: string): string {
  return squashSpaces(
    title
      .replace(/^\s*조선중앙통신\s*\|\s*/u, '')
      .replace(/\s*\[\s*(?:Juche\s*\d{1,3}|\d{4})\.\d{1,2}\.\d{1,2}\.?\s*\]\s*/giu, ' '),
  );
}
