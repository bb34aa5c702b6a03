import type { Mention } from './matcher.js';
import { matchesAfterNonLetter, SURNAMES, SYLLABLE, TITLE_WORDS } from './names.js';

/** A Korean-name-shaped string that the gazetteer does not know, with the words around it. */
export interface Candidate {
  name: string;
  context: string;
}

/** A surname and one or two syllables; read through `matchesAfterNonLetter`, which keeps matches that do not follow a letter or digit. */
const NAME = new RegExp(String.raw`(${SURNAMES.join('|')}) ([A-Z][a-z]{0,5})(?:[ -]([A-Za-z][a-z]{0,5}))?(?![\p{L}\p{N}-])`, 'gu');
const TITLE = new RegExp(String.raw`(?:${TITLE_WORDS.map((w) => w.replace(/\./g, "\\.")).join('|')})[\s,]+(?:[a-z][\w'-]*[\s,]+){0,12}$`, 'u');
// Names are often given with their positions in apposition: "Kim Yong Nam, president of …, Pak Pong Ju, premier"
const LIST_BEFORE = /(?:,|\band)\s*$/;
const STOP = new Set(['Kim Il', 'Kim Jong', 'Ri Sol', 'Kim Il Sung', 'Kim Jong Il', 'Kim Jong Un', 'Kim Jong Suk']);

/**
 * Name-shaped strings (surname and one or two romanized syllables, three-part names only) that no
 * mention covers, found after a title ("Premier X", "Vice-Marshal X") or in a list of officials
 * that names known people.
 */
export function findCandidates(text: string, mentions: readonly Mention[], personIds: ReadonlySet<string>): Candidate[] {
  const out = new Map<string, Candidate>();
  const covered = (s: number, e: number) => mentions.some((m) => m.start < e && m.end > s);
  for (const m of matchesAfterNonLetter(text, NAME)) {
    if (!m[3]) continue;
    const parts = [m[2], m[3]];
    if (!parts.every((p) => SYLLABLE.test(p))) continue;
    const name = `${m[1]} ${m[2]} ${m[3][0].toUpperCase()}${m[3].slice(1).toLowerCase()}`;
    if (STOP.has(name) || out.has(name)) continue;
    const start = m.index;
    const end = start + m[0].length;
    if (covered(start, end)) continue;
    // "Kim Chaek University" and the like: a name used as part of a proper noun
    if (/^\s+(?:[A-Z][a-z]+ )?(?:University|Square|Street|Stadium|Bridge|Plant|Works|Factory|Mine|Farm|Station|Hall|Prize|Order|Medal|Youth|Memorial)\b/.test(text.slice(end, end + 40))) continue;
    const before = text.slice(Math.max(0, start - 90), start);
    const titled = TITLE.test(before);
    const listed = LIST_BEFORE.test(before) && mentions.some((x) => personIds.has(x.id) && Math.abs(x.start - start) < 200);
    if (!titled && !listed) continue;
    out.set(name, { name, context: text.slice(Math.max(0, start - 60), Math.min(text.length, end + 40)).replace(/\s+/g, ' ') });
  }
  return [...out.values()];
}
