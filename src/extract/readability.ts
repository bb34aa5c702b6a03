import { Readability } from '@mozilla/readability';
import { load } from 'cheerio';
import { parseHTML } from 'linkedom';
import { nestedTooDeep, nodeText, textLines } from './text.js';

/**
 * Elements past which Readability is not tried: its time grows with the element count (40,000 list items
 * took 5.5 s, a hostile 10 MB page would take a minute) and an article page has a few thousand.
 */
export const MAX_READABILITY_ELEMENTS = 20_000;

function moreElementsThan(html: string, max: number): boolean {
  const open = /<[a-zA-Z]/g;
  let n = 0;
  while (open.exec(html)) if (++n > max) return true;
  return false;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The generic extractor (Firefox Reader View's algorithm) for pages no selector fits. */
export function readabilityExtract(html: string, url: string): { title: string | null; paragraphs: string[] } | null {
  if (nestedTooDeep(html) || moreElementsThan(html, MAX_READABILITY_ELEMENTS)) return null;
  const { document } = parseHTML(html);
  // Text without an element (an empty body, plain text) is no article page; Readability threw on it.
  if (!document.documentElement) return null;
  try {
    Object.defineProperty(document, 'documentURI', { value: url, configurable: true });
  } catch {
    // linkedom documents may not allow it; only relative links suffer.
  }
  let parsed: ReturnType<Readability['parse']>;
  try {
    parsed = new Readability(document as unknown as Document, { charThreshold: 100 }).parse();
  } catch {
    // Readability on linkedom throws on some broken markup (a bare <noscript>, '<html><b><p>text'): no article found.
    return null;
  }
  if (!parsed?.content) return null;
  // parse5 throws on two lone low surrogates in a row (it pairs them into a code point past U+10FFFF).
  const $ = load(parsed.content.replace(LONE_SURROGATE, '\uFFFD'));
  const paragraphs = textLines(nodeText($.root().toArray()));
  if (paragraphs.length === 0) return null;
  return { title: parsed.title?.trim() || null, paragraphs };
}
