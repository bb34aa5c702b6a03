// Leader names are wrapped in special markup on the outlets; scrapers that drop the markup glue them
// to their neighbours ("atKim Il SungSquare"). Only these names are unglued: for them it is certain.
const NAMES = ['Kim Il Sung', 'Kim Jong Il', 'Kim Jong Un', 'Kim Jong Suk', 'Kim Ju Ae', 'Ri Sol Ju'];
// Solid-written derived words that legitimately continue a name.
const SUFFIXES = new Set(['ism', 'ist', 'ists', 'ia', 's']);

/** The names alone: a literal alternation the regex engine can look for quickly, without trying a letter before every position. */
const NAME = new RegExp(NAMES.join('|'), 'g');

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Puts a space between a leader's name and a letter glued to either side of it ("atKim Il SungSquare" →
 * "at Kim Il Sung Square"); solid-written derived words ("Kim Il Sungism") stay. Each name takes the letter
 * before it unless the previous one's following letters took it, and the run of letters after it.
 */
export function unglueLeaderNames(text: string): string {
  if (!text.includes('Kim') && !text.includes('Ri Sol')) return text;
  let out = '';
  /** Where the text not yet copied to `out` starts. */
  let copied = 0;
  NAME.lastIndex = 0;
  for (let m = NAME.exec(text); m !== null; m = NAME.exec(text)) {
    const start = m.index;
    const nameEnd = start + m[0].length;
    let end = nameEnd;
    while (end < text.length && isAsciiLetter(text.charCodeAt(end))) end++;
    // The next search starts after the letters: a name there is not the previous one's glued neighbour.
    // (Names start with a letter, so the letter before a later name always lies past them.)
    NAME.lastIndex = end;
    const before = start > 0 && isAsciiLetter(text.charCodeAt(start - 1));
    const after = text.slice(nameEnd, end);
    if (after && after[0] === after[0].toLowerCase() && SUFFIXES.has(after)) continue;
    if (!before && !after) continue;
    out += text.slice(copied, before ? start - 1 : start);
    if (before) out += `${text[start - 1]} `;
    out += m[0];
    if (after) out += ` ${after}`;
    copied = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
