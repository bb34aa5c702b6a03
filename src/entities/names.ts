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
