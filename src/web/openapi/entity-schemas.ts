import { z } from 'zod';
import { SpanSchema } from './schemas.js';

const int = () => z.number().int();
const day = () => z.string().describe('YYYY-MM-DD');

const rule = z.string().describe('how a day counts as covered, in words');

const CoverageSchema = z.object({
  rule,
  first: day().nullable(),
  last: day().nullable(),
  gaps: z.array(SpanSchema),
  years: z.array(z.object({ year: int(), coveredDays: int(), days: int() })),
});

const AbsenceSchema = z.object({
  from: day(),
  to: day(),
  days: int(),
  coveredDays: int(),
  start: z.enum(['appearance', 'gap']),
  end: z.enum(['appearance', 'gap', 'now']),
});

export const EntityListItemSchema = z
  .object({ id: z.string(), kind: z.enum(['person', 'organization', 'place']), name: z.string(), articles: int() })
  .meta({ id: 'EntityListItem', description: 'A person, organization or place with the number of articles naming it.' });

export const EntitySchema = z
  .object({
    id: z.string(),
    kind: z.enum(['person', 'organization', 'place']),
    name: z.string(),
    aliases: z.array(z.string()),
    hangul: z.array(z.string()),
    country: z.string().optional(),
    roles: z.array(z.object({ title: z.string(), from: z.string().optional(), to: z.string().optional() })).optional(),
    tracked: z.boolean().optional().describe('a leader whose public appearances are counted'),
    placeKind: z.string().optional(),
    died: day().optional(),
    since: day().optional(),
    province: z.string().optional(),
    note: z.string().optional(),
    articles: int(),
    mentions: int(),
    firstSeen: z.string().nullable(),
    lastSeen: z.string().nullable(),
    firstArticle: int().nullable(),
    lastArticle: int().nullable(),
    monthly: z.array(z.object({ month: z.string().describe('YYYY-MM'), articles: int() })),
    coMentioned: z.array(z.object({ id: z.string(), name: z.string(), articles: int() })),
    coverage: CoverageSchema,
    tracker: z
      .object({
        lastAppearance: day().nullable(),
        daysSinceLastAppearance: int().nullable(),
        coveredDaysSinceLastAppearance: int().nullable(),
        countedTo: day().nullable(),
        absences: z.array(AbsenceSchema),
        coverage: CoverageSchema,
      })
      .optional()
      .describe('tracked leaders only'),
  })
  .meta({ id: 'Entity', description: 'A gazetteer entry with its mentions, the archive coverage and, for tracked leaders, appearances (docs/people.md).' });

export const AppearancesSchema = z
  .object({
    count: int(),
    items: z.array(
      z.object({
        date: day(),
        dateGiven: z.boolean(),
        until: day().nullable(),
        articleId: int(),
        kind: z.string(),
        place: z.string().nullable(),
        companions: z.array(z.object({ id: z.string().nullable(), name: z.string() })),
        reports: z.array(int()),
        lang: z.string(),
      }),
    ),
    coverage: z.object({ rule, from: day(), to: day(), coveredDays: int(), gaps: z.array(SpanSchema) }),
    next_cursor: z.string().optional().describe('give it as `?cursor=` for the next page of items; absent on the last page'),
  })
  .meta({ id: 'Appearances', description: "A tracked leader's reported public appearances, with the coverage that bounds them." });

export const YearlyAppearancesSchema = z
  .array(z.object({ year: int(), count: int(), coveredDays: int(), days: int() }))
  .meta({ id: 'YearlyAppearances', description: 'Appearances and covered days per year.' });
