import { z } from 'zod';

const int = () => z.number().int();
const time = () => z.string().describe('ISO 8601 date and time');

export const VersionListSchema = z
  .object({
    article: int(),
    versions: z.array(z.object({ n: int(), seenAt: time(), title: z.string(), body: z.array(z.string()), current: z.boolean(), permalink: z.string() })),
    diff: z.object({
      from: int(),
      to: int(),
      granularity: z.enum(['word', 'paragraph']),
      added: int().describe('words (or paragraphs) added'),
      removed: int(),
      note: z.string().nullable().describe('with paragraph granularity: why'),
    }),
    next_cursor: z.string().optional().describe('give it as `?cursor=` for the next page of versions; absent on the last page'),
  })
  .meta({ id: 'VersionList', description: "An article's versions (1 = the first text seen) and how two of them compare." });

export const VersionSchema = z
  .object({
    article: int(),
    n: int(),
    of: int(),
    current: z.boolean(),
    title: z.string(),
    body: z.array(z.string()),
    seenAt: time(),
    textSha256: z.string().describe('SHA-256 of the UTF-8 of title + "\\n\\n" + body.join("\\n")'),
    capture: z.object({
      origin: z.enum(['crawl', 'import']),
      takenAt: time().nullable(),
      url: z.string().nullable(),
      httpStatus: int().nullable(),
      rawSha256: z.string().nullable(),
      raw: z.string().nullable().describe('the raw bytes as served (absent for an import)'),
      count: int(),
      lastAt: time().nullable(),
    }),
    links: z.object({
      permalink: z.string(),
      original: z.string(),
      previous: z.string().nullable(),
      next: z.string().nullable(),
      changesFromPrevious: z.string().nullable(),
      changesToNext: z.string().nullable(),
    }),
    citation: z.object({ text: z.string(), bibtex: z.string(), csl: z.array(z.record(z.string(), z.unknown())).describe('CSL-JSON') }),
  })
  .meta({ id: 'Version', description: 'One version of an article, with its capture and citation (docs/citing.md).' });

export const SourceHealthSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    crawled: z.boolean(),
    lastSuccessAt: time().nullable(),
    lastError: z.object({ at: time(), kind: z.string(), message: z.string().nullable(), url: z.string() }).nullable(),
    fetches: z.object({ ok: int(), total: int(), successRate: z.number().nullable() }),
    articlesPerDay: z.number(),
    baselinePerDay: z.number(),
    gap: z.boolean(),
    stale: z.boolean(),
    daily: z.array(z.object({ day: z.string(), count: int(), data: z.boolean() })),
    queued: int(),
    tracked: int(),
    removed: int(),
    nextListingAt: time().nullable(),
    markupChanged: z.object({ since: time(), lastSeenAt: time(), url: z.string(), what: z.string(), count: int() }).nullable(),
    networkError: z
      .object({ at: time(), problem: z.string(), kind: z.string(), status: int().nullable(), url: z.string(), message: z.string().nullable() })
      .nullable(),
    daysWithoutData: z.array(z.string()),
  })
  .meta({ id: 'SourceHealth', description: "A source's crawl health over the last days." });

export const DaySchema = z
  .object({
    date: z.string(),
    previous: z.string().nullable(),
    next: z.string().nullable(),
    sources: z.array(
      z.object({
        slug: z.string(),
        name: z.string(),
        items: z.array(z.object({ id: int(), title: z.string(), published: z.string(), url: z.string(), lang: z.string() })),
      }),
    ),
  })
  .meta({ id: 'Day', description: "Every source's articles of a day, with the previous and next day that has articles." });
