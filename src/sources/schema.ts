import { z } from 'zod';

/** One CSS selector or several tried in order (the first that finds something wins: one per site generation). */
const selectors = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

const regex = z.string().refine(
  (s) => {
    try {
      new RegExp(s, 'u');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

export const articleRulesSchema = z
  .object({
    /** The title; when missing, the first paragraph may be the title (see `titleFromFirstParagraph`). */
    title: selectors.optional(),
    /** Elements whose text are the paragraphs (or containers whose block children are). */
    paragraphs: selectors.optional(),
    /** An element carrying the publication date (`2023.3.13.`, `Juche108.12.10.`, `Feb. 19, 2026`). */
    date: selectors.optional(),
    /** Elements removed before extracting (share buttons, photo captions, bylines). */
    remove: selectors.optional(),
    /**
     * Patterns for paragraphs that are not article text (a byline printed as a paragraph of its own:
     * `^By \\S+(?: \\S+){0,3}$`). Empty and image-only paragraphs are always skipped.
     */
    skipParagraphs: z.array(regex).optional(),
    /** Older Rodong pages: the first paragraph is the headline. */
    titleFromFirstParagraph: z.boolean().default(false),
  })
  .strict();

const paginationSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('param'),
      /** Query parameter carrying the page number (`page`, `num`). */
      name: z.string().min(1),
      first: z.number().int().min(0).default(1),
      maxPages: z.number().int().min(1).max(1000).default(3),
      /** Whether the first page carries the parameter too (`?page=1`). */
      firstHasParam: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      kind: z.literal('template'),
      /** URL of page N, with `{page}` where the number goes (`/home/index/politics/{page}/ko`). */
      url: httpUrl.refine((u) => u.includes('%7Bpage%7D') || u.includes('{page}'), { message: 'must contain {page}' }),
      first: z.number().int().min(0).default(1),
      maxPages: z.number().int().min(1).max(1000).default(3),
    })
    .strict(),
  z
    .object({
      kind: z.literal('next'),
      /** The link to the next page. */
      selector: z.string().min(1),
      maxPages: z.number().int().min(1).max(1000).default(3),
    })
    .strict(),
  z
    .object({
      kind: z.literal('form'),
      /** Pages after the first are POSTed with these fields; `{page}` is the page number. */
      fields: z.record(z.string(), z.string()),
      /** A hidden input on the first page whose value is posted back (a CSRF token). */
      tokenField: z.string().optional(),
      maxPages: z.number().int().min(1).max(1000).default(3),
    })
    .strict(),
]);

export const listingSchema = z
  .object({
    url: httpUrl,
    /** Language of the articles this listing links, when the source has several. */
    lang: z.string().min(2).max(8).optional(),
    pagination: paginationSchema.optional(),
  })
  .strict();

const htmlAdapter = z
  .object({
    kind: z.literal('html'),
    listings: z.array(listingSchema).min(1),
    /** Links to articles on a listing page (an `a`, or an element containing one). */
    items: selectors,
    /** Date of an item on the listing, looked up inside the item's container. */
    itemDate: selectors.optional(),
    /** The element around one item (`li`, `div.article`), for `itemDate`. */
    itemContainer: z.string().default('li, tr, div'),
    /** Only links whose absolute URL matches are articles. */
    articleUrl: regex.optional(),
    /**
     * Patterns whose first group is the real address inside a wrapped link, tried in order
     * (`javascript:article_open('index.php?…')` → `index.php?…`, resolved against the listing's URL).
     */
    unwrap: z.union([regex, z.array(regex)]).transform((v) => (Array.isArray(v) ? v : [v])).optional(),
    article: articleRulesSchema.default({ titleFromFirstParagraph: false }),
  })
  .strict();

const feedAdapter = z
  .object({
    kind: z.literal('feed'),
    /** RSS, Atom or JSON Feed URLs. */
    urls: z.array(httpUrl).min(1),
    /** `page`: fetch each item's page and extract it (edits and deletions can be seen); `feed`: store the feed's own text. */
    content: z.enum(['page', 'feed']).default('page'),
    articleUrl: regex.optional(),
    article: articleRulesSchema.default({ titleFromFirstParagraph: false }),
  })
  .strict();

const sitemapAdapter = z
  .object({
    kind: z.literal('sitemap'),
    /** Sitemaps or sitemap indexes. */
    urls: z.array(httpUrl).min(1),
    articleUrl: regex.optional(),
    /** Newest URLs taken from one poll. */
    maxUrls: z.number().int().min(1).max(50_000).default(500),
    article: articleRulesSchema.default({ titleFromFirstParagraph: false }),
  })
  .strict();

const wordpressAdapter = z
  .object({
    kind: z.literal('wordpress'),
    /** The site root; the REST API is at `<api>/wp-json/wp/v2/posts`. */
    api: httpUrl,
    perPage: z.number().int().min(1).max(100).default(20),
    pages: z.number().int().min(1).max(100).default(1),
  })
  .strict();

export const adapterSchema = z.discriminatedUnion('kind', [htmlAdapter, feedAdapter, sitemapAdapter, wordpressAdapter]);

export const dateRulesSchema = z
  .object({
    /** `09/04/2021` is 9 April (Pyongyang Times). */
    dayFirst: z.boolean().default(false),
    /** Zone of the source's calendar dates (informative; Pyongyang time is applied to capture dates). */
    timeZone: z.string().default('Asia/Pyongyang'),
    /** Extra dateline patterns with named groups `month` and `day` (the year comes from the listing or capture date). */
    datelines: z.array(regex).default([]),
    /** A pattern on the article URL with three groups: year, month, day. */
    urlDate: regex.optional(),
    /** The URL carries an encoded key with the date in it. */
    urlKey: z.enum(['rodong-base64']).optional(),
  })
  .strict();

export const scheduleSchema = z
  .object({
    /** How often listings and feeds are polled. */
    listingEveryMinutes: z.number().min(1).max(7 * 24 * 60).default(60),
    /** Recheck delays after each capture, in hours; the last repeats. Default 1, 6, 24, 72, 168, 720. */
    recheckHours: z.array(z.number().positive()).min(1).optional(),
    /** How long after a first failed recheck (404, redirect home, block page) the confirming check comes. */
    confirmRemovalMinutes: z.number().min(0).default(60),
    /** Articles fetched from one poll at most (the rest wait for the next pass). */
    maxNewPerPass: z.number().int().min(1).default(200),
  })
  .strict();

export const politenessSchema = z
  .object({
    /** Least time between two requests to a host of this source (default 5000). */
    minIntervalMs: z.number().int().min(0).optional(),
    /** Requests in flight to one host (default 1). */
    concurrency: z.number().int().min(1).max(64).optional(),
    timeoutMs: z.number().int().min(100).optional(),
    maxBytes: z.number().int().min(1024).optional(),
    retries: z.number().int().min(0).max(10).optional(),
    /** Let this source reach loopback or private addresses (local mirrors, tests). */
    allowPrivate: z.boolean().default(false),
    robots: z.boolean().default(true),
  })
  .strict();

export const sourceSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
    name: z.string().min(1),
    homepage: httpUrl,
    languages: z.array(z.string().min(2).max(8)).min(1),
    /** Shipped sources start enabled unless this says otherwise; the database keeps each one's switch. */
    enabled: z.boolean().default(true),
    adapter: adapterSchema,
    dates: dateRulesSchema.default({ dayFirst: false, timeZone: 'Asia/Pyongyang', datelines: [] }),
    schedule: scheduleSchema.default({ listingEveryMinutes: 60, confirmRemovalMinutes: 60, maxNewPerPass: 200 }),
    politeness: politenessSchema.default({ allowPrivate: false, robots: true }),
    /** Texts that mark a block page served with status 200, beyond the built-in ones. */
    blockPatterns: z.array(regex).default([]),
    notes: z.string().optional(),
  })
  .strict();

export type SourceDef = z.infer<typeof sourceSchema>;
export type SourceDefInput = z.input<typeof sourceSchema>;
export type ArticleRules = z.infer<typeof articleRulesSchema>;
export type Adapter = z.infer<typeof adapterSchema>;
export type Listing = z.infer<typeof listingSchema>;
export type Pagination = z.infer<typeof paginationSchema>;
