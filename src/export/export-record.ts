/** One article as a dump holds it: every stored field, plus its URLs, story, versions and entities. */
export interface ExportRecord {
  id: number;
  url: string;
  source: string;
  sourceName: string;
  lang: string;
  title: string;
  titleDerived: boolean;
  published: string;
  publishedAt: string | null;
  datePrecision: string;
  dateFrom: string;
  /** Paragraphs, in order. */
  body: string[];
  status: string;
  removedAt: string | null;
  damaged: boolean;
  repaired: boolean;
  duplicateOf: number | null;
  /** Other URLs the article is stored under (equivalent forms and folded copies). */
  aliases: string[];
  /** Of the aliases, the other addresses the same text was published under. */
  copies: string[];
  storyId: number | null;
  /** How many versions (`--versions count`), or every version, oldest first (`--versions full`). */
  versions: number | ExportVersion[];
  /** Entity ids mentioned in the text (people, organizations, places). */
  entities: string[];
  firstSeen: string;
  lastSeen: string;
  listingDate: string | null;
}

export interface ExportVersion {
  n: number;
  seenAt: string;
  title: string;
  body: string[];
  contentHash: string;
  current: boolean;
}

export type VersionDetail = 'count' | 'full';

/** CSV columns, in order: the record flattened (the body last, as it is by far the widest cell). */
export const CSV_COLUMNS = [
  'id', 'url', 'source', 'sourceName', 'lang', 'title', 'titleDerived', 'published', 'publishedAt', 'datePrecision', 'dateFrom',
  'status', 'removedAt', 'damaged', 'repaired', 'duplicateOf', 'storyId', 'aliases', 'copies', 'versions', 'entities',
  'firstSeen', 'lastSeen', 'listingDate', 'body',
] as const satisfies readonly (keyof ExportRecord)[];

/** Lists in one CSV cell are joined with this (URLs and entity ids never contain it). */
export const LIST_SEPARATOR = ' | ';

/** A record as one CSV row: lists joined, paragraphs on lines of their own, empty cells for nulls. */
export function csvCells(r: ExportRecord): unknown[] {
  return CSV_COLUMNS.map((k) => csvCell(k, r[k]));
}

/** One field of a record as a CSV cell. */
export function csvCell(field: string, v: unknown): unknown {
  if (field === 'body') return (v as string[]).join('\n');
  if (field === 'versions') return typeof v === 'number' ? v : (v as ExportVersion[]).length;
  if (Array.isArray(v)) return v.join(LIST_SEPARATOR);
  if (v === null || v === undefined) return '';
  return typeof v === 'boolean' ? String(v) : v;
}
