import { contentHash } from '../normalize/hash.js';

/** Everything a citation of one version names. */
export interface CitedVersion {
  articleId: number;
  n: number;
  title: string;
  outlet: string;
  lang: string;
  /** The article's address at the outlet. */
  url: string;
  /** Publication date, `YYYY-MM-DD` (or shorter when only the month or year is known). */
  published: string;
  /** When the archive captured this text (ISO instant); for an imported text, when it was imported. */
  capturedAt: string;
  /** The text came from a dump, not from an HTTP capture by this archive. */
  imported: boolean;
  textSha256: string;
  /** Absolute address of the version's page on this archive. */
  permalink: string;
}

/**
 * The SHA-256 of a version's extracted text: UTF-8 of the title, a blank line, then the paragraphs joined
 * by a line feed, with no trailing newline (docs/citing.md shows how to recompute it). It is the archive's
 * content hash, so the same text always has the same hash.
 */
export function textSha256(title: string, paragraphs: string[]): string {
  return contentHash(title, paragraphs);
}

/** `2024-05-03T02:00:00Z` → `2024-05-03 02:00 UTC`. */
export function captureTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** `Captured … by Wirewatch, version n, text SHA-256 …`, or `Imported … into Wirewatch from a dump, …`. */
function provenance(v: CitedVersion): string {
  const how = v.imported ? `Imported ${captureTime(v.capturedAt)} into Wirewatch from a dump` : `Captured ${captureTime(v.capturedAt)} by Wirewatch`;
  return `${how}, version ${v.n}, text SHA-256 ${v.textSha256}`;
}

/** `KCNA. "Title." Published …. URL. Captured … by Wirewatch, version n, text SHA-256 …. Permalink.` */
export function plainCitation(v: CitedVersion): string {
  return `${v.outlet}. "${v.title}." Published ${v.published}. ${v.url}. ${provenance(v)}. ${v.permalink}.`;
}

// BibTeX counts every brace, escaped or not, so braces become commands that keep fields balanced.
const TEX: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '#': '\\#',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  _: '\\_',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
};

/** Text for a BibTeX field: LaTeX specials escaped, braces always balanced. */
export function bibtexText(s: string): string {
  return s.replace(/[\\{}#$%&_^~]/g, (ch) => TEX[ch]);
}

/** A URL for a BibTeX `url` field (read verbatim): only what would unbalance the field is percent-encoded. */
export function bibtexUrl(url: string): string {
  return url.replace(/[{}\\\s]/g, (ch) => encodeURIComponent(ch));
}

export function bibtexCitation(v: CitedVersion): string {
  const fields: [string, string][] = [
    ['title', `{${bibtexText(v.title)}}`],
    ['author', `{${bibtexText(v.outlet)}}`],
    ['howpublished', bibtexText(v.outlet)],
    ['year', v.published.slice(0, 4)],
    ['date', v.published],
    ['url', bibtexUrl(v.url)],
    ['urldate', v.capturedAt.slice(0, 10)],
    ['language', bibtexText(v.lang)],
    ['note', `${provenance(v)}. Archived at \\url{${bibtexUrl(v.permalink)}}`],
  ];
  return `@misc{wirewatch${v.articleId}v${v.n},\n${fields.map(([k, val]) => `  ${k} = {${val}},`).join('\n')}\n}`;
}

const dateParts = (ymd: string) => ({ 'date-parts': [ymd.split('-').map(Number)] });

/** CSL-JSON (one item in an array, as reference managers import it). */
export function cslJson(v: CitedVersion): object[] {
  return [
    {
      id: `wirewatch-${v.articleId}-v${v.n}`,
      type: 'article-newspaper',
      title: v.title,
      'container-title': v.outlet,
      publisher: v.outlet,
      language: v.lang,
      URL: v.url,
      issued: dateParts(v.published),
      accessed: dateParts(v.capturedAt.slice(0, 10)),
      version: String(v.n),
      archive: 'Wirewatch',
      archive_location: v.permalink,
      note: provenance(v),
    },
  ];
}

export function cslJsonText(v: CitedVersion): string {
  return JSON.stringify(cslJson(v), null, 2);
}

/** `citation_date` as Google Scholar reads it: `YYYY/MM/DD`. */
export function citationDate(published: string): string {
  return published.replaceAll('-', '/');
}
