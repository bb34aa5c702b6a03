import type { QueryNode } from './ast.js';

/** The writing system of a query or a language, as far as ranking cares. */
export type Script = 'latin' | 'hangul';

/** Languages written in Latin script (ISO 639-1). Korean is Hangul; any other language is neither. */
const LATIN_LANGS = new Set(
  'af ca cs cy da de en eo es et eu fi fr ga gl hr hu id is it la lt lv ms mt nl no pl pt ro sk sl sq sv sw tl tr vi'.split(' '),
);

export function langScript(lang: string): Script | null {
  if (lang === 'ko') return 'hangul';
  return LATIN_LANGS.has(lang) ? 'latin' : null;
}

/**
 * The script whose languages a relevance ranking puts first: Latin when every letter of the query's
 * searched words (outside NOT) is Latin, Hangul when every one is Hangul; none when the query mixes
 * scripts, has no letters, or names a language itself (`lang:`).
 */
export function queryScript(node: QueryNode): Script | null {
  let latin = false;
  let hangul = false;
  let lang = false;
  const walk = (n: QueryNode, negated: boolean): void => {
    switch (n.type) {
      case 'filter':
        if (n.field === 'lang') lang = true;
        return;
      case 'text':
        if (negated) return;
        if (/\p{Script=Latin}/u.test(n.value)) latin = true;
        if (/\p{Script=Hangul}/u.test(n.value)) hangul = true;
        return;
      case 'not':
        walk(n.child, !negated);
        return;
      default:
        for (const c of n.children) walk(c, negated);
    }
  };
  walk(node, false);
  if (lang || latin === hangul) return null;
  return latin ? 'latin' : 'hangul';
}
