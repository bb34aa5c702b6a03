import type { RawArticle, DateRules } from '../normalize/article.js';
import type { SourceInput } from '../store/store.js';

/** How one kind of dump maps onto the archive: which source each record belongs to and its raw article. */
export interface Preset {
  name: string;
  describe: string;
  source(record: Record<string, unknown>): SourceInput;
  toRaw(record: Record<string, unknown>): RawArticle;
  rules?: DateRules;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

export const SOURCES = {
  kcnaCoJp: { slug: 'kcna-co-jp', name: 'KCNA (Japan mirror)', homepage: 'http://kcna.co.jp/', lang: 'en' },
  kcnaEn: { slug: 'kcna-kp-en', name: 'KCNA English', homepage: 'http://www.kcna.kp/en', lang: 'en' },
  kcnaKo: { slug: 'kcna-kp-ko', name: '조선중앙통신 (KCNA Korean)', homepage: 'http://www.kcna.kp/kp', lang: 'ko' },
  rodongEn: { slug: 'rodong-en', name: 'Rodong Sinmun English', homepage: 'http://www.rodong.rep.kp/en/', lang: 'en' },
  rodongKo: { slug: 'rodong-ko', name: '로동신문 (Rodong Sinmun)', homepage: 'http://www.rodong.rep.kp/ko/', lang: 'ko' },
} satisfies Record<string, SourceInput>;

const JUCHE_IN_TITLE = /\[\s*((?:Juche\s*)?\d{1,4}\.\d{1,2}\.\d{1,2}\.?)\s*\]/i;

export const PRESETS: Record<string, Preset> = {
  'kcna-co-jp': {
    name: 'kcna-co-jp',
    describe: 'kcna.co.jp scrape: url, title, body, index_date (the day index that listed it)',
    source: () => SOURCES.kcnaCoJp,
    toRaw: (r) => ({ url: str(r.url) ?? '', title: str(r.title), body: str(r.body) ?? '', listingDate: str(r.index_date) }),
  },
  'kcna-kp-stiles': {
    name: 'kcna-kp-stiles',
    describe: 'kcna.kp English scrape: link, headline (may carry [Juche113.1.2.]), story_text, date_str',
    source: () => SOURCES.kcnaEn,
    toRaw: (r) => {
      const headline = str(r.headline);
      return {
        url: str(r.link) ?? '',
        title: headline,
        body: str(r.story_text) ?? '',
        listingDate: str(r.date_str),
        pageDate: headline?.match(JUCHE_IN_TITLE)?.[1] ?? null,
        lang: 'en',
      };
    },
  },
  'rodong-thogra': {
    name: 'rodong-thogra',
    describe: 'Rodong Sinmun English snapshots: url (newsID carries the date), title, content[], byline, dateScraped',
    source: () => SOURCES.rodongEn,
    toRaw: (r) => {
      const content = Array.isArray(r.content) ? r.content.map((p) => String(p)) : str(r.content) ? [str(r.content)!] : [];
      const byline = str(r.byline);
      // In a few snapshots the last paragraph landed in the byline field.
      if (byline && byline.length > 80) content.push(byline);
      return { url: str(r.url) ?? '', title: str(r.title), body: content, capturedAt: str(r.commit_time) ?? str(r.dateScraped), lang: 'en' };
    },
    rules: { urlDate: /newsID=(\d{4})-(\d{2})-(\d{2})/ },
  },
  'nkarchive-ko': {
    name: 'nkarchive-ko',
    describe: 'Korean KCNA and Rodong articles: source, url, title, date, body',
    source: (r) => (String(r.source ?? '').toLowerCase().includes('rodong') ? SOURCES.rodongKo : SOURCES.kcnaKo),
    toRaw: (r) => ({ url: str(r.url) ?? '', title: str(r.title), body: str(r.body) ?? '', listingDate: str(r.date), lang: str(r.lang) ?? 'ko' }),
  },
};

export const MAP_FIELDS = ['url', 'title', 'body', 'date', 'pageDate', 'publishedAt', 'capturedAt', 'lang', 'source'] as const;
export type MapField = (typeof MAP_FIELDS)[number];

/** A preset built from `--map field=column` pairs; unmapped fields default to the same-named column. */
export function mappedPreset(map: Partial<Record<MapField, string>>, sourceSlug: string): Preset {
  const col = (f: MapField) => map[f] ?? f;
  return {
    name: 'map',
    describe: 'custom field map',
    source: (r) => {
      const slug = map.source ? str(r[map.source]) ?? sourceSlug : sourceSlug;
      return { slug: slugify(slug), name: slug };
    },
    toRaw: (r) => {
      const body = r[col('body')];
      return {
        url: str(r[col('url')]) ?? '',
        title: str(r[col('title')]),
        body: Array.isArray(body) ? body.map(String) : str(body) ?? '',
        listingDate: str(r[col('date')]),
        pageDate: str(r[col('pageDate')]),
        publishedAt: str(r[col('publishedAt')]),
        capturedAt: str(r[col('capturedAt')]),
        lang: str(r[col('lang')]),
      };
    },
  };
}

export function parseMapArgs(pairs: string[]): Partial<Record<MapField, string>> {
  const out: Partial<Record<MapField, string>> = {};
  for (const pair of pairs) {
    const [field, column] = pair.split('=', 2);
    if (!column || !(MAP_FIELDS as readonly string[]).includes(field)) {
      throw new Error(`--map ${pair}: expected field=column with field one of ${MAP_FIELDS.join(', ')}`);
    }
    out[field as MapField] = column;
  }
  return out;
}

function slugify(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'imported';
}

/** A serializable choice of preset, so a worker thread can rebuild it. */
export interface PresetSpec {
  preset?: string;
  map?: Partial<Record<MapField, string>>;
  source?: string;
}

export function resolvePreset(spec: PresetSpec): Preset {
  if (spec.preset) {
    const found = PRESETS[spec.preset];
    if (!found) throw new Error(`unknown preset '${spec.preset}'; known: ${Object.keys(PRESETS).join(', ')}`);
    return found;
  }
  return mappedPreset(spec.map ?? {}, spec.source ?? 'imported');
}
