// The query mix of the search benchmarks (bench/search.ts, bench/pg.ts): 50 searches and 10 timelines.
import type { Interval } from '../src/search/backend.js';

export const QUERIES: string[] = [
  // rare words
  'zimbabwe', 'tungsten', 'typhoon', 'gymnastics', 'volleyball', 'bulgaria', 'kindergarten', 'harvester',
  // common words
  'korea', 'people', 'party', 'the', 'leader',
  // phrases
  '"kim jong il"', '"workers\' party of korea"', '"juche idea"', '"nuclear weapons"', '"united states"', '"great leader"',
  '"south korean puppets"', '"floral basket"', '"korean peninsula"',
  // booleans
  'nuclear AND (test OR weapons)', '(japan OR japanese) AND apology', 'korea -nuclear', 'sanctions NOT "united nations"',
  '(cuba OR venezuela) AND solidarity',
  // field filters
  'title:congratulations', 'title:"floral basket"', 'nuclear date:2013', 'korea date:2006-10', 'source:kcna-co-jp lang:es',
  'lang:es juche', 'kim date:2010-01-01..2010-03-31', 'title:kim date:2017', '"kim jong un" date:2012..2018',
  // prefixes
  'nucl*', 'imperial*', 'reunif*', 'militar*', 'puppet*',
  // Korean (either spelling) and names in all their forms
  '로동', '노동', '조선로동당', '김정은', '력사', '평양', '당', 'Kim Jong Un', 'Choe Son Hui',
];
export const TIMELINE_QUERIES = ['korea', '"nuclear weapons"', 'sanctions', 'japan', 'kim date:2000..2010', '"kim jong un"', 'reunif*', '로동', 'typhoon', 'party'];
export const INTERVALS: Interval[] = ['year', 'month', 'week', 'day'];
