/** Surnames as the outlets romanize them (with the common southern spellings). */
export const SURNAMES = [
  'Kim', 'Ri', 'Pak', 'Choe', 'Jong', 'Kang', 'Jo', 'Yun', 'Jang', 'Han', 'O', 'So', 'Hwang', 'Ryu', 'Hong', 'Jon', 'Ko', 'Mun', 'Yang',
  'Son', 'Pae', 'Paek', 'Ho', 'Nam', 'Sim', 'No', 'Ha', 'Kwak', 'Song', 'Chon', 'Cha', 'Ju', 'U', 'Ku', 'Min', 'Yu', 'Na', 'Jin', 'Ji',
  'Om', 'Chae', 'Won', 'Pang', 'Kong', 'Hyon', 'Ham', 'Pyon', 'Yom', 'Tong', 'An', 'Sin', 'Kye', 'Rim', 'Ryo', 'Ro', 'Ryom', 'Thae',
  'Kil', 'Kwon', 'Sok', 'Chu', 'Myong', 'Phyo', 'Tak', 'Ok', 'Im', 'Yon', 'Ryang', 'Maeng', 'Kyong', 'Chegal', 'Namgung',
];

/** One romanized Korean syllable (McCune–Reischauer without breves, and common variants). */
export const SYLLABLE = /^(kk|tt|pp|ss|jj|ch|kh|th|ph|ng|k|g|n|t|d|r|l|m|p|b|s|j|h|y|w)?(yae|wae|ae|ya|yo|yu|ye|wa|wo|we|wi|oe|ui|eu|eo|oo|a|e|i|o|u)(ng|k|n|l|r|m|p|t)?$/i;

/** Words that, written just before a name, say it is an official's name. */
export const TITLE_WORDS = [
  'Premier', 'Vice-Premier', 'Minister', 'Vice-Minister', 'Marshal', 'Vice-Marshal', 'General', 'Colonel', 'Col.', 'Lt.', 'Gen.',
  'Admiral', 'Director', 'Chairman', 'Chairwoman', 'Vice-Chairman', 'Secretary', 'Ambassador', 'President', 'Vice-President',
  'Comrade', 'Chief', 'Commander', 'Member', 'Members', 'Department', 'Deputy', 'Head', 'Councillor', 'Counsellor', 'Spokesman',
  'Alternate', 'Senior', 'Acting', 'Representative', 'Secretary-General', 'Dr.', 'Professor', 'Prof.', 'Mayor', 'Commissioner',
];

const LETTER_OR_DIGIT_LAST = /[\p{L}\p{N}]$/u;

/**
 * Every match of `re` (global) that does not follow a letter or digit: the same matches, in the same order,
 * as `re` with `(?<![\p{L}\p{N}])` in front, but the engine then looks for the pattern's start (a surname)
 * instead of testing the look-behind at every position of the text. A match after a letter is dropped and
 * the search goes on one character later, as the look-behind's failure would have.
 */
export function* matchesAfterNonLetter(text: string, re: RegExp): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // The code point before the match (two units when it is a surrogate pair).
    if (m.index > 0 && LETTER_OR_DIGIT_LAST.test(text.slice(Math.max(0, m.index - 2), m.index))) {
      re.lastIndex = m.index + 1;
      continue;
    }
    yield m;
  }
}
