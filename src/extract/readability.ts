import { Readability } from '@mozilla/readability';
import { load } from 'cheerio';
import { parseHTML } from 'linkedom';
import { nestedTooDeep, nodeText, textLines } from './text.js';

/** The generic extractor (Firefox Reader View's algorithm) for pages no selector fits. */
export function readabilityExtract(html: string, url: string): { title: string | null; paragraphs: string[] } | null {
  if (nestedTooDeep(html)) return null;
  const { document } = parseHTML(html);
  // Text without an element (an empty body, plain text) makes no document Readability accepts.
  if (!document.documentElement) return null;
  try {
    Object.defineProperty(document, 'documentURI', { value: url, configurable: true });
  } catch {
    // linkedom documents may not allow it; only relative links suffer.
  }
  const parsed = new Readability(document as unknown as Document, { charThreshold: 100 }).parse();
  if (!parsed?.content) return null;
  const $ = load(parsed.content);
  const paragraphs = textLines(nodeText($.root().toArray()));
  if (paragraphs.length === 0) return null;
  return { title: parsed.title?.trim() || null, paragraphs };
}
