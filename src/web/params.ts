/** Positive integer id from a path segment, or null. */
export function parseId(s: string | undefined): number | null {
  if (!s || !/^\d{1,15}$/.test(s)) return null;
  const n = Number(s);
  return n > 0 ? n : null;
}

/** Page number from a query string: absent means 1; anything but a positive integer is null. */
export function parsePage(s: string | undefined): number | null {
  if (s === undefined || s === '') return 1;
  return parseId(s);
}
