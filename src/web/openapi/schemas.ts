import { z } from 'zod';

/** A schema with a name (an `id` in zod's registry, as `.describe` uses): the generator lists it once under components.schemas and refers to it. */
function named<T extends z.ZodType>(id: string, description: string, schema: T): T {
  return schema.meta({ id, description });
}

const int = () => z.number().int();
const day = () => z.string().describe('YYYY-MM-DD');
const time = () => z.string().describe('ISO 8601 date and time');

export const ApiErrorSchema = named(
  'Error',
  'Every JSON error: `error` a short code (bad_request, bad_query, unauthorized, forbidden, not_found, too_many_requests, internal, unavailable), `message` in words; `position` (0-based) and `query` for a query that does not parse; `parameter` for a query parameter that cannot be used (a cursor of another list, a limit out of range).',
  z.object({ error: z.string(), message: z.string(), position: int().optional(), query: z.string().optional(), parameter: z.string().optional() }),
);

export const ArticleStatusSchema = z.enum(['live', 'removed', 'restored']);

export const ArticleSchema = named(
  'Article',
  'An article as the API gives it (outside tools rely on these names; new fields may be added).',
  z.object({
    id: int(),
    url: z.string(),
    source: z.string().describe('the source slug'),
    sourceName: z.string(),
    lang: z.string(),
    title: z.string(),
    titleDerived: z.boolean().describe('the title was made from the text (the page had none)'),
    published: day(),
    publishedAt: time().nullable(),
    datePrecision: z.enum(['day', 'instant']),
    dateFrom: z.enum(['page', 'dateline', 'listing', 'url', 'capture']),
    body: z.array(z.string()).describe('paragraphs'),
    status: ArticleStatusSchema,
    removedAt: time().nullable(),
    damaged: z.boolean().describe('the text holds U+FFFD decode damage'),
    repaired: z.boolean().describe('control characters were dropped from the text as received'),
    duplicateOf: int().nullable(),
    aliases: z.array(z.string()),
    copies: z.array(z.string()).describe('the other URLs the same text was published under'),
    versions: int(),
    firstSeen: time(),
    lastSeen: time(),
    listingDate: z.string().nullable(),
    extractor: z.string().nullable(),
    story: z.object({ id: int(), size: int() }).nullable(),
    languages: z.array(z.object({ id: int(), lang: z.string(), confidence: z.number(), shown: z.boolean() })),
  }),
);

export const ArticleItemSchema = named(
  'ArticleItem',
  'An article in a list.',
  z.object({ id: int(), title: z.string(), published: day(), url: z.string(), lang: z.string() }),
);

const ChangeSnippetSchema = z.object({
  version: int(),
  seenAt: time(),
  removed: z.string().describe('HTML'),
  added: z.string().describe('HTML'),
  before: z.string().describe('HTML'),
  after: z.string().describe('HTML'),
});

export const SearchHitSchema = named(
  'SearchHit',
  'A search result; `snippet` is HTML (escaped text, matches in <mark>).',
  z.object({
    id: int(),
    url: z.string(),
    title: z.string(),
    published: day(),
    source: z.string(),
    lang: z.string(),
    snippet: z.string(),
    change: ChangeSnippetSchema.optional().describe('for a query with added: or removed:, the version change that matched'),
  }),
);

const FacetCountSchema = z.object({ value: z.string(), count: int(), name: z.string().optional() });

export const SearchResponseSchema = named(
  'SearchResponse',
  'A page of search results with facets (docs/search.md).',
  z.object({
    total: int(),
    page: int(),
    per_page: int(),
    sort: z.enum(['relevance', 'newest', 'oldest']),
    ranking: z.enum(['bm25', 'newest', 'oldest']),
    language_first: z.enum(['latin', 'hangul']).nullable(),
    counts: z.enum(['articles', 'stories']),
    url: z.object({ url: z.string(), found: z.boolean(), id: int().nullable(), page: z.boolean() }).optional().describe('when the query is a URL'),
    message: z.string().optional(),
    results: z.array(SearchHitSchema),
    facets: z.object({ source: z.array(FacetCountSchema), lang: z.array(FacetCountSchema), year: z.array(FacetCountSchema) }),
    next_cursor: z.string().optional().describe('give it as `?cursor=` for the next page; absent on the last page'),
  }),
);

export const TimelineSchema = named(
  'Timeline',
  'Matches per period; `covered` false: the archive holds nothing in that period (no data, not zero).',
  z.object({
    interval: z.enum(['day', 'week', 'month', 'year']),
    buckets: z.array(z.object({ period: z.string(), count: int(), total: int(), covered: z.boolean() })),
    counts: z.enum(['articles', 'stories']),
  }),
);

export const SourceSchema = named('Source', 'A source (outlet).', z.object({ slug: z.string(), name: z.string(), articles: int(), homepage: z.string().nullable() }));

export const StatsSchema = named(
  'Stats',
  'Archive totals.',
  z.object({ articles: int().describe('distinct stored texts'), sources: int(), duplicates: int().describe('URLs stored as further copies'), damaged: int() }),
);

export const StoryListItemSchema = named(
  'StoryListItem',
  'A story in the list of stories.',
  z.object({
    id: int(),
    title: z.string(),
    lang: z.string(),
    firstId: int(),
    firstPublished: day(),
    lastPublished: day(),
    copies: int(),
    sources: z.array(z.object({ slug: z.string(), name: z.string() })),
    languages: z.array(z.string()),
  }),
);

export const StorySchema = named(
  'Story',
  'A story: its members (copies), oldest publication first, and the language versions linked to them.',
  z.object({
    id: int(),
    size: int(),
    firstPublication: int().nullable(),
    members: z.array(
      z.object({
        id: int(),
        title: z.string(),
        published: day(),
        url: z.string(),
        lang: z.string(),
        source: z.string(),
        sourceName: z.string(),
        how: z.enum(['founder', 'exact', 'near']),
        matchedId: int().nullable(),
        similarity: z.number().nullable(),
        duplicateOf: int().nullable(),
      }),
    ),
    languages: z.array(z.object({ id: int(), lang: z.string(), confidence: z.number(), shown: z.boolean(), of: int() })),
  }),
);

export const EventSchema = named(
  'Event',
  'A change the crawler saw.',
  z.object({
    id: int(),
    type: z.string().describe('removed, restored, edited, markup-changed, …'),
    at: time(),
    article: int().nullable(),
    source: z.string().nullable(),
    title: z.string().nullable(),
    url: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
  }),
);

/** A saved search's alert kinds: articles new, edited, removed, restored, and their photos edited, replaced, removed (image events). */
const NotifySchema = z.object({
  new: z.boolean(),
  edited: z.boolean(),
  removed: z.boolean(),
  restored: z.boolean(),
  imageEdited: z.boolean().describe('an image of the article edited (event image-edited)'),
  imageReplaced: z.boolean().describe('an image of the article replaced by another picture (image-replaced)'),
  imageRemoved: z.boolean().describe('an image gone from the article (image-removed)'),
});

export const SavedSearchSchema = named(
  'SavedSearch',
  'A saved search with its alert channels and feed addresses (docs/alerts.md).',
  z.object({
    id: int(),
    name: z.string(),
    query: z.string(),
    notify: NotifySchema,
    webhook: z.string().nullable(),
    secret: z.string().nullable().optional().describe('Standard Webhooks signing secret, whsec_…'),
    email: z.string().nullable(),
    emailMode: z.enum(['immediate', 'digest']),
    owner: int().nullable().describe("null: the installation's (made on the CLI)"),
    createdAt: time(),
    webhookStatus: z.enum(['ok', 'failing', 'paused']).nullable(),
    webhookFailingSince: time().nullable(),
    webhookPausedAt: time().nullable(),
    feedToken: z.string(),
    feed: z.object({ atom: z.string(), rss: z.string(), json: z.string() }).optional(),
  }),
);

export const SavedSearchInputSchema = named(
  'SavedSearchInput',
  'A saved search to create (all fields) or the fields to change (PATCH).',
  z.object({
    name: z.string(),
    query: z.string(),
    notify: NotifySchema.partial().optional(),
    webhook: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    emailMode: z.enum(['immediate', 'digest']).optional(),
  }),
);

/** The fields of a saved search to change (PATCH): any of them. */
export const SavedSearchPatchSchema = SavedSearchInputSchema.partial();

export const DeliverySchema = named(
  'Delivery',
  "An alert's delivery to a webhook or an email address.",
  z.object({
    id: int(),
    outboxId: int(),
    channel: z.enum(['webhook', 'email']),
    kind: z.string(),
    articleId: int(),
    title: z.string().nullable(),
    createdAt: time(),
    attempts: int(),
    nextAttemptAt: time(),
    lastAttemptAt: time().nullable(),
    lastStatus: int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: time().nullable(),
  }),
);

export const RoleSchema = z.enum(['reader', 'editor', 'admin']);

export const UserSchema = named('User', 'An account.', z.object({ id: int(), name: z.string(), role: RoleSchema, createdAt: time() }));

export const TokenSchema = named(
  'Token',
  'An API token (never the token itself: only its SHA-256 is kept).',
  z.object({ id: int(), userId: int(), userName: z.string(), scope: z.enum(['read', 'write', 'admin']), createdAt: time(), lastUsedAt: time().nullable() }),
);

export const SpanSchema = z.object({ from: day(), to: day(), days: int() });
