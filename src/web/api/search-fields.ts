import { SearchRequestError, type SearchHit } from '../../search/backend.js';
import { CSV_COLUMNS, csvCell } from '../../export/export-record.js';
import type { RecordLookup } from '../../export/article-records.js';

/** What a search hit already holds; every other field is read from the article's full record. */
const HIT_FIELDS = ['id', 'url', 'title', 'published', 'source', 'lang', 'snippet'] as const;
/** Every field `fields=` accepts: a hit's, then the whole-archive dump's (body is the full text). */
export const SEARCH_EXPORT_FIELDS: readonly string[] = [...new Set<string>([...HIT_FIELDS, ...CSV_COLUMNS])];

/** `fields=a,b,c` as a list, or null when not given; an unknown name is a 400 naming it. */
export function fieldsParam(v: string | undefined, records: RecordLookup | null): string[] | null {
  if (v === undefined || v.trim() === '') return null;
  const fields = v.split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of fields) {
    if (!SEARCH_EXPORT_FIELDS.includes(f)) throw new SearchRequestError(`unknown field "${f}" in fields= (known: ${SEARCH_EXPORT_FIELDS.join(', ')})`);
  }
  if (!records && fields.some((f) => !(HIT_FIELDS as readonly string[]).includes(f))) throw new SearchRequestError(`fields= gives only ${HIT_FIELDS.join(', ')} here`);
  return fields;
}

/** The chunk's hits as objects holding exactly `fields`, in that order (full records read once per chunk). */
export async function selectFields(hits: SearchHit[], fields: readonly string[], records: RecordLookup | null, plainSnippet: (html: string) => string, forCsv: boolean): Promise<unknown[][]> {
  const needRecords = fields.some((f) => !(HIT_FIELDS as readonly string[]).includes(f));
  const full = needRecords && records ? new Map((await records(hits.map((h) => h.id))).map((r) => [r.id, r as unknown as Record<string, unknown>])) : null;
  return hits.map((h) => {
    const record = full?.get(h.id);
    return fields.map((f) => {
      const value = (HIT_FIELDS as readonly string[]).includes(f) ? (f === 'snippet' && forCsv ? plainSnippet(h.snippet) : (h as unknown as Record<string, unknown>)[f]) : (record?.[f] ?? null);
      return forCsv ? csvCell(f, value) : value;
    });
  });
}
