// Saved searches of realistic shapes for `npm run bench:alerts`, drawn with a seeded generator: people's
// and places' names (romanized and Hangul), phrases from real headlines, Korean words, boolean and field
// queries, and edit-aware `removed:`/`added:` queries.
import { loadGazetteer } from '../src/entities/gazetteer.js';

const KOREAN = ['김정은', '로동', '노동', '조선로동당', '평양', '력사', '인민', '군대', '미사일', '위성', '농업', '경제', '과학', '교육', '청년'];
const SOURCES = ['kcna-co-jp', 'kcna-kp-en', 'kcna-kp-ko', 'rodong-en'];
const WORDS = ['nuclear', 'sanctions', 'typhoon', 'harvest', 'missile', 'satellite', 'delegation', 'anniversary', 'congratulations', 'floral', 'reunification', 'puppet', 'imperialists', 'factory', 'hospital', 'school'];

/** `n` saved queries in the proportions a watching desk might have. */
export function savedQueries(n: number, random: () => number, titles: string[]): string[] {
  const names = loadGazetteer().flatMap((e) => [e.name, ...e.aliases.slice(0, 2), ...e.hangul.slice(0, 1)]).filter((x) => x.length > 2);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const quote = (s: string) => `"${s.replace(/"/g, '')}"`;
  const phrase = () => {
    const words = pick(titles).split(/\s+/).filter((w) => /^[\p{L}\p{N}]+$/u.test(w));
    if (words.length < 3) return quote(pick(names));
    const at = Math.floor(random() * (words.length - 2));
    return quote(words.slice(at, at + 2 + Math.floor(random() * 2)).join(' '));
  };
  const shapes: Array<[number, () => string]> = [
    [30, () => quote(pick(names))],
    [15, phrase],
    [10, () => pick(KOREAN)],
    [10, () => `${quote(pick(names))} AND (${pick(WORDS)} OR ${pick(WORDS)})`],
    [10, () => `${pick(WORDS)} source:${pick(SOURCES)}`],
    [5, () => `title:${pick(WORDS)} -${pick(WORDS)}`],
    [5, () => `${quote(pick(names))} date:${2000 + Math.floor(random() * 27)}`],
    [10, () => `removed:${quote(pick(names))}`],
    [5, () => `added:${pick(WORDS)}`],
  ];
  const total = shapes.reduce((t, [w]) => t + w, 0);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let r = random() * total;
    out.push((shapes.find(([w]) => (r -= w) < 0) ?? shapes[0])[1]());
  }
  return out;
}
