import { createHash } from 'node:crypto';
import type { Context } from 'hono';

/**
 * Cursor pagination for every JSON list. A cursor is opaque to clients: base64url of
 * `{"l": list, "f": filter fingerprint, "k": key of the last item given}`. The next page starts strictly
 * after that key in the list's order (keyset), so rows stored between two requests neither repeat nor
 * push items off the walk. A cursor names its list and filter, so one given by another list (or for
 * other parameters) is refused instead of read as a position it never was.
 */

export type CursorKey = (string | number)[];
/** The type of each part of a list's key: `s` string, `n` integer. */
export type KeyShape = readonly ('s' | 'n')[];

/** A query parameter that cannot be used: answered as 400 `{error: 'bad_request', message, parameter}`. */
export class ParamError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
  }

  toJSON(): { error: string; message: string; parameter: string } {
    return { error: 'bad_request', message: this.message, parameter: this.parameter };
  }
}

const MAX_CURSOR_CHARS = 2048;

/** What a list's cursors carry besides the key: its name and a fingerprint of the parameters that choose its rows and order. */
export interface ListId {
  list: string;
  /** e.g. the query and sort of a search; empty when the list has none. */
  filter?: string;
}

const fingerprint = (filter: string | undefined) => (filter ? createHash('sha256').update(filter).digest('base64url').slice(0, 12) : '');

export function encodeCursor(id: ListId, key: CursorKey): string {
  const f = fingerprint(id.filter);
  return Buffer.from(JSON.stringify(f ? { l: id.list, f, k: key } : { l: id.list, k: key })).toString('base64url');
}

/** The key a `?cursor=` carries, null when none was given; a cursor this list did not give is a ParamError. */
export function decodeCursor(raw: string | undefined, id: ListId, shape: KeyShape): CursorKey | null {
  if (raw === undefined || raw === '') return null;
  const refuse = (why: string) => new ParamError('cursor', `${why}; give the next_cursor of the previous page, or leave it out for the first page`);
  if (raw.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(raw)) throw refuse('not a cursor (cursors are base64url)');
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw refuse('not a cursor');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw refuse('not a cursor');
  const { l, f, k } = v as { l?: unknown; f?: unknown; k?: unknown };
  if (l !== id.list) throw refuse(`a cursor of another list, not of ${id.list}`);
  if ((f ?? '') !== fingerprint(id.filter)) throw refuse('a cursor given for other parameters (query, filter or sort) than these');
  if (!Array.isArray(k) || k.length !== shape.length) throw refuse('not a cursor of this list');
  k.forEach((part, i) => {
    const ok = shape[i] === 'n' ? Number.isSafeInteger(part) : typeof part === 'string' && part.length <= 1024;
    if (!ok) throw refuse('not a cursor of this list');
  });
  return k as CursorKey;
}

/** Compares two keys part by part (strings by code unit, as SQL with a binary collation does). */
export function compareKeys(a: CursorKey, b: CursorKey): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

export interface CursorPage<T> {
  items: T[];
  /** The cursor of the page after this one; null on the last page. */
  next: string | null;
}

/** A page from rows fetched with one extra row (`limit + 1`): the extra row only says a next page exists. */
export function pageFrom<T>(rows: T[], limit: number, id: ListId, keyOf: (item: T) => CursorKey): CursorPage<T> {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit && items.length ? encodeCursor(id, keyOf(items[items.length - 1])) : null };
}

/**
 * A page of a list held in memory (a short list: users, sources, a story's versions): the items after
 * `after` in `order` (`asc` or `desc` by key), at most `limit`.
 */
export function pageOfList<T>(all: readonly T[], opts: { id: ListId; keyOf: (item: T) => CursorKey; order: 'asc' | 'desc'; after: CursorKey | null; limit: number }): CursorPage<T> {
  const sign = opts.order === 'asc' ? 1 : -1;
  const sorted = [...all].sort((a, b) => sign * compareKeys(opts.keyOf(a), opts.keyOf(b)));
  const after = opts.after;
  const rest = after ? sorted.filter((x) => sign * compareKeys(opts.keyOf(x), after) > 0) : sorted;
  return pageFrom(rest.slice(0, opts.limit + 1), opts.limit, opts.id, opts.keyOf);
}

/**
 * Announces the next page in a `Link: <…>; rel="next"` header too (the address of this request with the
 * cursor in place of any page number): lists answered as a bare JSON array carry their cursor only there.
 */
export function linkNext(c: Context, next: string | null): void {
  if (!next) return;
  const url = new URL(c.req.url);
  url.searchParams.delete('page');
  url.searchParams.set('cursor', next);
  c.header('Link', `<${url.pathname}${url.search}>; rel="next"`, { append: true });
}
