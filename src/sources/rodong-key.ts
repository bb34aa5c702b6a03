/** What a Rodong Sinmun article key carries: `12@2024-04-01-N025@5@1@@0@13`. */
export interface RodongKey {
  raw: string;
  /** `YYYY-MM-DD` */
  date: string;
  /** `N025` */
  number: string;
  fields: string[];
}

/**
 * Rodong Sinmun (2025+) addresses articles by a base64 key in the query: `index.php?MTJAMjAyNC0wNC0wMS1OMDI1QDVAMUBAMEAxMw==`
 * decodes to `12@2024-04-01-N025@5@1@@0@13`, whose second field is the date and the article number.
 */
export function decodeRodongKey(url: string): RodongKey | null {
  let query: string;
  try {
    query = new URL(url).search.slice(1);
  } catch {
    return null;
  }
  const token = decodeURIComponent(query.split('&')[0] ?? '');
  if (!/^[A-Za-z0-9+/_-]{8,}={0,2}$/.test(token)) return null;
  const raw = Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  const fields = raw.split('@');
  const m = /^(\d{4}-\d{2}-\d{2})-([A-Za-z]?\d+)$/.exec(fields[1] ?? '');
  if (!m) return null;
  return { raw, date: m[1], number: m[2], fields };
}

/** The inverse, for fixtures and tests. */
export function encodeRodongKey(raw: string): string {
  return Buffer.from(raw, 'utf8').toString('base64');
}
