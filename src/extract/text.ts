import type { AnyNode, Element } from 'domhandler';

/** htmlparser2 in HTML mode: several times faster than the spec parser, and tolerant enough for extraction. */
export const HTML_PARSE = { xml: { xmlMode: false, decodeEntities: true } } as const;

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
