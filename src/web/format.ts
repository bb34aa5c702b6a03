const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2021-04-09` → `9 April 2021`: never ambiguous, whatever the reader's habits. */
export function longDate(ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd);
  if (!m) return ymd;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** The page of a calendar day: every source's articles published that day. */
export function dayHref(ymd: string): string {
  return `/days/${ymd.slice(0, 10)}`;
}

export const DATE_FROM_LABEL: Record<string, string> = {
  page: 'the date printed on the page',
  dateline: 'the dateline',
  listing: 'the date of the listing that linked it',
  url: 'the date in its URL',
  capture: 'the day it was captured (Pyongyang time)',
};

export const LANG_NAME: Record<string, string> = { en: 'English', ko: 'Korean', es: 'Spanish', zh: 'Chinese', ru: 'Russian', ja: 'Japanese', fr: 'French', und: 'undetermined' };

export function hostname(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function number(n: number): string {
  return n.toLocaleString('en-GB');
}

/** "1 word added, 4 words removed": the counts of a comparison, in words. */
export function wordCounts(added: number, removed: number): string {
  const words = (n: number) => `${number(n)} ${n === 1 ? 'word' : 'words'}`;
  return `${words(added)} added, ${words(removed)} removed`;
}
