import { readFileSync } from 'node:fs';
import { tokenize } from './tokens.js';

/** A token of a query, folded as the index folds it. */
export interface QueryToken {
  text: string;
  hangul: boolean;
}

interface NameFile {
  names: { name: string; variants: string[] }[];
}

export interface NameGroup {
  name: string;
  /** Every form as a token sequence, without repeats. */
  forms: QueryToken[][];
}

const key = (tokens: QueryToken[]) => tokens.map((t) => t.text).join(' ');

/** Loads the curated table of name variants (text/name-variants.json). */
export function loadNameGroups(file = new URL('./name-variants.json', import.meta.url)): NameGroup[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as NameFile;
  return data.names.map((n) => {
    const forms = new Map<string, QueryToken[]>();
    for (const written of [n.name, ...n.variants]) {
      const toks = tokenize(written).map(({ text, hangul }) => ({ text, hangul }));
      if (toks.length === 0) continue;
      forms.set(key(toks), toks);
      // Family name plus a two-part given name: the given name is also written as one word.
      if (toks.length === 3 && !toks.some((t) => t.hangul)) {
        const joined = [toks[0], { text: toks[1].text + toks[2].text, hangul: false }];
        forms.set(key(joined), joined);
      }
    }
    return { name: n.name, forms: [...forms.values()] };
  });
}

/** Finds name forms inside token sequences. */
export class NameTable {
  private readonly byFirst = new Map<string, { form: QueryToken[]; group: NameGroup }[]>();

  constructor(readonly groups: NameGroup[]) {
    for (const group of groups) {
      for (const form of group.forms) {
        const list = this.byFirst.get(form[0].text) ?? [];
        list.push({ form, group });
        list.sort((a, b) => b.form.length - a.form.length);
        this.byFirst.set(form[0].text, list);
      }
    }
  }

  /** The longest name form that `tokens` has at `at`, if any. */
  matchAt(tokens: QueryToken[], at: number): { length: number; group: NameGroup } | null {
    const candidates = this.byFirst.get(tokens[at].text);
    if (!candidates) return null;
    for (const { form, group } of candidates) {
      if (at + form.length > tokens.length) continue;
      let ok = true;
      for (let k = 0; k < form.length && ok; k++) ok = tokens[at + k].text === form[k].text && tokens[at + k].hangul === form[k].hangul;
      if (ok) return { length: form.length, group };
    }
    return null;
  }
}

let shared: NameTable | null = null;

export function nameTable(): NameTable {
  return (shared ??= new NameTable(loadNameGroups()));
}
