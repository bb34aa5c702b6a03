import { z } from 'zod';
import { ApiErrorSchema } from './schemas.js';

/**
 * Who may call a route. `read`: anyone in a public-read archive, a signed-in user or a token in a private
 * one; `user`: any signed-in user or token; `editor`/`admin`: that role (and token scope) at least;
 * `open`: everyone, even in a private archive.
 */
export type Access = 'read' | 'user' | 'editor' | 'admin' | 'open';

export interface ResponseDoc {
  description: string;
  /** A JSON body validated by this schema. */
  json?: z.ZodType;
  /** Other bodies by media type, with what they hold. */
  content?: Record<string, string>;
  /** Response headers that matter, with what they say. */
  headers?: Record<string, string>;
}

export interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Hono's syntax, exactly as the app registers it (`:id`, a trailing `*`). */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  /** Descriptions of path parameters; a trailing `*` is documented as the parameter `wildcard` names. */
  params?: Record<string, string>;
  wildcard?: { name: string; description: string };
  query?: z.ZodObject;
  /** Request headers the route reads. */
  headers?: Record<string, string>;
  /** `example`: a JSON body for the curl line on /api. */
  body?: { json?: z.ZodType; form?: string; example?: string };
  responses: Record<number, ResponseDoc>;
  /** Values for the curl example on /api (path parameters and query), e.g. `{id: '1', q: 'rice'}`. */
  example?: Record<string, string>;
}

export const TAGS: { name: string; description: string }[] = [
  { name: 'Archive', description: 'Articles, their versions, sources, days, stories and crawl events as JSON.' },
  { name: 'Search', description: 'Search, attention over time and their exports (docs/search.md).' },
  { name: 'Entities', description: 'People, organizations and places named in the articles, and tracked leaders (docs/people.md).' },
  { name: 'Saved searches', description: 'Saved searches with their alerts (docs/alerts.md); each user sees his own, admins every one.' },
  { name: 'Admin', description: 'Users and API tokens; admin role and admin-scope tokens only.' },
  { name: 'Citing', description: 'WARC downloads and Memento (RFC 7089) TimeMaps and TimeGates (docs/citing.md).' },
  { name: 'Feeds', description: 'Atom, RSS 2.0 and JSON Feed 1.1 (docs/alerts.md).' },
  { name: 'Pages', description: 'Server-rendered HTML pages and their forms.' },
  { name: 'Accounts', description: 'Signing in and out (a session cookie for the pages).' },
  { name: 'Static', description: 'Stylesheet, scripts and icon.' },
  { name: 'API', description: 'This description of the API.' },
];

export const json = (description: string, schema: z.ZodType): ResponseDoc => ({ description, json: schema });
export const error = (description: string): ResponseDoc => ({ description, json: ApiErrorSchema });
export const html = (description: string): ResponseDoc => ({ description, content: { 'text/html': 'an HTML page' } });
export const text = (description: string): ResponseDoc => ({ description, content: { 'text/plain': description } });
export const redirect = (description: string): ResponseDoc => ({ description, headers: { Location: 'where to go next' } });

export const ID = 'a positive integer id';
export const PAGE = z.object({ page: z.number().int().min(1).optional().describe('page number, from 1 (default 1)') });

/** `?cursor=`: every JSON list takes the `next_cursor` of its previous page (docs/api.md › Pagination). */
export const CURSOR = z
  .string()
  .optional()
  .describe("the previous page's `next_cursor` (or the cursor in its `Link: rel=\"next\"` header): the page after it; leave it out for the first page");
/** `next_cursor` in a list's answer. */
export const NEXT_CURSOR = z.string().optional().describe('give it as `?cursor=` for the next page; absent on the last page');
/** The `Link` header of a list's answer. */
export const NEXT_LINK = { Link: 'the next page, when there is one: `<…?cursor=…>; rel="next"`' };
export const BAD_CURSOR = 'a cursor this list did not give (`parameter` names it), or a limit out of range';
