// Leader names are wrapped in special markup on the outlets; scrapers that drop the markup glue them
// to their neighbours ("atKim Il SungSquare"). Only these names are unglued: for them it is certain.
const NAMES = ['Kim Il Sung', 'Kim Jong Il', 'Kim Jong Un', 'Kim Jong Suk', 'Kim Ju Ae', 'Ri Sol Ju'];
// Solid-written derived words that legitimately continue a name.
const SUFFIXES = new Set(['ism', 'ist', 'ists', 'ia', 's']);

const pattern = new RegExp(`([A-Za-z])?(${NAMES.map((n) => n.replace(/ /g, ' ')).join('|')})([A-Za-z]+)?`, 'g');

export function unglueLeaderNames(text: string): string {
  if (!text.includes('Kim') && !text.includes('Ri Sol')) return text;
  return text.replace(pattern, (match, before: string | undefined, name: string, after: string | undefined) => {
    let out = name;
    if (before) out = `${before} ${out}`;
    if (after) {
      const lowerStart = after[0] === after[0].toLowerCase();
      if (lowerStart && SUFFIXES.has(after)) return match; // "Kim Il Sungism"-like forms stay as written
      out = `${out} ${after}`;
    }
    return out;
  });
}
