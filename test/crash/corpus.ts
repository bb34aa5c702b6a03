import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLE = fileURLToPath(new URL('../../testdata/corpus/kcna-co-jp-sample.jsonl', import.meta.url));

/**
 * A dump big enough that a kill lands mid-import, made from the kcna.co.jp sample: each copy of a
 * record is a text of its own (a numbered paragraph, title and URL), so every copy is a new article with
 * its search, story and entity rows. The sample's own repeats stay in each copy: the same URL with
 * another text (a version) and records with no text (rejected). Every fifth copy also republishes the
 * previous copy's texts under other URLs (folded as copies).
 */
export function writeImportCorpus(dir: string, copies: number): string {
  const lines = readFileSync(SAMPLE, 'utf8').trim().split('\n');
  const out: string[] = [];
  for (let i = 0; i < copies; i++) {
    for (const line of lines) {
      const r = JSON.parse(line) as Record<string, string>;
      const url = r.url;
      r.url = url.replace('kcna.co.jp/', `kcna.co.jp/c${i}/`);
      r.title = `${r.title} (${i})`;
      if (r.body) r.body = `${r.body}\n   This is copy number ${i} of the text, made for the crash-safety proof of the archive.`;
      out.push(JSON.stringify(r));
      if (i % 5 === 4 && r.body) out.push(JSON.stringify({ ...r, url: url.replace('kcna.co.jp/', `kcna.co.jp/republished${i}/`) }));
    }
  }
  const file = join(dir, 'crash-corpus.jsonl');
  writeFileSync(file, out.join('\n') + '\n');
  return file;
}
