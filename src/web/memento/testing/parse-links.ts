/** One link-value of a Link header or an application/link-format body (RFC 8288 / RFC 6690). */
export interface ParsedLink {
  uri: string;
  /** The rel value split into its relation types: `first memento` → ['first', 'memento']. */
  rels: string[];
  params: Record<string, string>;
}

/**
 * A deliberately independent reader for tests: link-values separated by commas outside `<…>` and
 * quotes, each `<uri>` followed by `; name="value"` or `; name=token` parameters, any whitespace between.
 * Throws on anything else, so a malformed answer fails the test.
 */
export function parseLinks(text: string): ParsedLink[] {
  const links: ParsedLink[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (what: string): never => {
    throw new Error(`link-format: ${what} at ${i}: ${JSON.stringify(text.slice(i, i + 40))}`);
  };
  for (;;) {
    skipSpace();
    if (i >= text.length) break;
    if (text[i] !== '<') fail('expected <');
    const end = text.indexOf('>', i);
    if (end < 0) fail('unclosed <');
    const uri = text.slice(i + 1, end);
    i = end + 1;
    const params: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (text[i] !== ';') break;
      i++;
      skipSpace();
      const name = /^[a-z0-9!#$&+.^_`|~-]+/i.exec(text.slice(i))?.[0] ?? fail('expected a parameter name');
      i += name.length;
      skipSpace();
      if (text[i] !== '=') fail('expected =');
      i++;
      skipSpace();
      let value: string;
      if (text[i] === '"') {
        const close = text.indexOf('"', i + 1);
        if (close < 0) fail('unclosed quote');
        value = text.slice(i + 1, close);
        i = close + 1;
      } else {
        value = /^[^\s;,]+/.exec(text.slice(i))?.[0] ?? fail('expected a value');
        i += value.length;
      }
      params[name.toLowerCase()] = value;
    }
    links.push({ uri, rels: (params.rel ?? '').split(/\s+/).filter(Boolean), params });
    skipSpace();
    if (i >= text.length) break;
    if (text[i] !== ',') fail('expected , between link-values');
    i++;
  }
  return links;
}

/** The links whose rel includes every one of `rels`. */
export function withRel(links: ParsedLink[], ...rels: string[]): ParsedLink[] {
  return links.filter((l) => rels.every((r) => l.rels.includes(r)));
}

/** RFC 1123 in GMT exactly as RFC 7089's examples write it: `Tue, 20 Jun 2000 18:02:59 GMT`. */
export const RFC1123_GMT = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
