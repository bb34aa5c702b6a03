import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bibtexCitation, bibtexText, bibtexUrl, citationDate, cslJsonText, plainCitation, textSha256, type CitedVersion } from './citation.js';

// The docs' one-liner needs jq and sha256sum; without them that check is skipped, not failed.
const hasTools = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v jq && command -v sha256sum']);
    return true;
  } catch {
    return false;
  }
})();

const cited = (over: Partial<CitedVersion> = {}): CitedVersion => ({
  articleId: 7,
  n: 2,
  title: 'Title',
  outlet: 'KCNA',
  lang: 'en',
  url: 'http://www.kcna.kp/en/article/1.kcmsf',
  published: '2024-05-01',
  capturedAt: '2024-05-03T02:00:00Z',
  imported: false,
  textSha256: 'f'.repeat(64),
  permalink: 'https://archive.example/articles/7/versions/2',
  ...over,
});

/** Every prefix at or above zero, the whole at zero: BibTeX reads a field to its matching brace. */
function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
}

describe('citations', () => {
  it('write the plain citation as documented', () => {
    expect(plainCitation(cited())).toBe(
      `KCNA. "Title." Published 2024-05-01. http://www.kcna.kp/en/article/1.kcmsf. Captured 2024-05-03 02:00 UTC by Wirewatch, version 2, text SHA-256 ${'f'.repeat(64)}. https://archive.example/articles/7/versions/2.`,
    );
    expect(citationDate('2024-05-01')).toBe('2024/05/01');
  });

  it('escape every LaTeX special and keep BibTeX braces balanced', () => {
    expect(bibtexText('\\ { } # $ % & _ ^ ~ "')).toBe('\\textbackslash{} \\textbraceleft{} \\textbraceright{} \\# \\$ \\% \\& \\_ \\textasciicircum{} \\textasciitilde{} "');
    for (const title of ['}', '{', '}}{{', 'a\\', '\\}', '"}@misc{x,', '조선중앙통신 }']) {
      const bib = bibtexCitation(cited({ title, outlet: title, url: `http://x.example/${title}` }));
      expect(balanced(bib), title).toBe(true);
      expect(bib.split('\n')).toHaveLength(11);
    }
    expect(bibtexUrl('http://x.example/a{b}c d')).toBe('http://x.example/a%7Bb%7Dc%20d');
  });

  it('write CSL-JSON that parses, whatever the title', () => {
    const title = '"},{"type":"book" </pre><script>';
    const [item] = JSON.parse(cslJsonText(cited({ title })));
    expect(item).toMatchObject({ title, type: 'article-newspaper', 'container-title': 'KCNA', issued: { 'date-parts': [[2024, 5, 1]] }, accessed: { 'date-parts': [[2024, 5, 3]] } });
  });

  it.skipIf(!hasTools)('hash the text as docs/citing.md says, checked with its jq one-liner', () => {
    const version = { title: '조선 "Title"', body: ['First paragraph.', 'Second — with a dash.'] };
    const hash = textSha256(version.title, version.body);
    const out = execFileSync('sh', ['-c', `jq -j '.title + "\\n\\n" + (.body | join("\\n"))' | sha256sum`], { input: JSON.stringify(version) }).toString();
    expect(out.split(' ')[0]).toBe(hash);
  });
});
