import { load, type CheerioAPI, type CheerioOptions } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/** htmlparser2 in HTML mode: several times faster than the spec parser, and tolerant enough for extraction. */
export const HTML_PARSE = { xml: { xmlMode: false, decodeEntities: true } } as const;

/**
 * Deepest nesting read. The parsers' cost grows with the square of the depth (htmlparser2 keeps its open
 * elements with unshift) and the DOM walkers recurse: 100,000 nested `<div>`s took 23 s to read, and a
 * page of them within the fetch cap would hold the thread for hours. Real pages nest a few dozen deep.
 */
export const MAX_NESTING = 2000;

// Tags a sibling closes (a run of them does not nest) and void elements, which never nest.
const NOT_NESTING = new Set([
  'p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'rt', 'rp',
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

/** Whether markup nests deeper than MAX_NESTING, counted in one linear pass over its tags (an estimate erring deep). */
export function nestedTooDeep(markup: string): boolean {
  // After the name, a non-name character before any attributes: the name cannot be split, so no backtracking.
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:[^\w:<>-][^<>]*)?)>/g;
  let depth = 0;
  for (let m = tag.exec(markup); m; m = tag.exec(markup)) {
    if (NOT_NESTING.has(m[2].toLowerCase()) || m[3].endsWith('/')) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (++depth > MAX_NESTING) return true;
  }
  return false;
}

/**
 * Top-level nodes past which markup is read inside one wrapping element: css-select compares the root's
 * children with each other (removeSubsets), so 50,000 bare `<p>`s took 17 s per selector pass.
 */
const MAX_TOP_LEVEL = 1000;

/** Parses markup; markup nested deeper than MAX_NESTING is read as an empty document (nothing found in it). */
export function loadMarkup(markup: string, options: CheerioOptions = HTML_PARSE): CheerioAPI {
  if (nestedTooDeep(markup)) return load('', options);
  const $ = load(markup, options);
  const top = ($.root()[0] as unknown as { children: unknown[] }).children.length;
  return top > MAX_TOP_LEVEL ? load(`<wirewatch-root>${markup}</wirewatch-root>`, options) : $;
}

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'head', 'select', 'button']);
const INLINE = '\u0001';
const LINE = '\n';

/**
 * Visible text of a node with line breaks at block boundaries. An inline element boundary between two
 * letters becomes a space: outlets wrap leader names as `at<nobr><span>Kim Il Sung</span></nobr>Square`,
 * which naive extraction glues into "atKim Il SungSquare". Hangul is left joined (particles attach to
 * names: 김정은동지, 김정은의).
 */
export function nodeText(node: AnyNode | AnyNode[]): string {
  const parts: string[] = [];
  const walk = (n: AnyNode) => {
    if (n.type === 'text') parts.push((n as unknown as { data: string }).data);
    else if (n.type === 'tag' || n.type === 'script' || n.type === 'style') {
      const el = n as Element;
      const name = el.name.toLowerCase();
      if (SKIP.has(name)) return;
      if (name === 'br') return void parts.push(LINE);
      const block = BLOCK.has(name);
      parts.push(block ? LINE : INLINE);
      for (const c of el.children) walk(c);
      parts.push(block ? LINE : INLINE);
    } else if (n.type === 'root') for (const c of (n as unknown as { children: AnyNode[] }).children) walk(c);
  };
  for (const n of Array.isArray(node) ? node : [node]) walk(n);
  return parts
    .join('')
    .replace(/([\p{Script=Latin}\p{Script=Cyrillic}\p{Nd}])\u0001+(?=[\p{Script=Latin}\p{Script=Cyrillic}\p{Nd}])/gu, '$1 ')
    .replaceAll(INLINE, '');
}

/** Splits extracted text into trimmed, space-squashed, non-empty lines. */
export function textLines(text: string): string[] {
  return text
    .split(/\n+/)
    .map((l) => l.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
    .filter((l) => l.length > 0);
}
