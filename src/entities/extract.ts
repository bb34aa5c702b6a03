import { findCandidates, type Candidate } from './candidates.js';
import { Gazetteer, loadGazetteer, type Entity } from './gazetteer.js';
import { EntityMatcher, type Mention } from './matcher.js';
import { bodyText } from '../normalize/body-text.js';
import { detectAppearances, type Appearance } from '../tracker/detect.js';

/** What extraction finds in one article; computed where the article is normalized. */
export interface ArticleEntities {
  /** Offsets into the article's document text: title, a line break, then the body paragraphs joined by line breaks. */
  mentions: Mention[];
  candidates: Candidate[];
  appearances: Appearance[];
}

/** An article's mention rows, one an entity: what the archive stores (`entity_mentions`). */
export interface MentionRows {
  ids: string[];
  counts: number[];
  /** `start-end` offsets of the entity's mentions, joined by commas. */
  offsets: string[];
}

/**
 * What an import computes off the writing thread: mentions already grouped into rows. A few strings an
 * entity cross to the writer instead of an object a mention (cloning those took more time than extracting them).
 */
export interface PreparedEntities {
  rows: MentionRows;
  candidates: Candidate[];
  appearances: Appearance[];
}

/** Groups mentions by entity (in order of each one's first mention). */
export function mentionRows(mentions: readonly Mention[]): MentionRows {
  const rows: MentionRows = { ids: [], counts: [], offsets: [] };
  const at = new Map<string, number>();
  for (const m of mentions) {
    const span = `${m.start}-${m.end}`;
    const row = at.get(m.id);
    if (row === undefined) {
      at.set(m.id, rows.ids.length);
      rows.ids.push(m.id);
      rows.counts.push(1);
      rows.offsets.push(span);
    } else {
      rows.counts[row]++;
      rows.offsets[row] += `,${span}`;
    }
  }
  return rows;
}

export function prepareEntities(found: ArticleEntities): PreparedEntities {
  return { rows: mentionRows(found.mentions), candidates: found.candidates, appearances: found.appearances };
}

export interface ExtractInput {
  title: string;
  paragraphs: readonly string[];
  lang: string;
  /** The report's date, `YYYY-MM-DD`. */
  published: string;
}

/** The text mention offsets refer to. */
export function documentText(title: string, paragraphs: readonly string[]): string {
  return `${title}\n${bodyText({ paragraphs })}`;
}

export class Extractor {
  readonly matcher: EntityMatcher;
  readonly gazetteer: Gazetteer;
  private readonly personIds: Set<string>;
  /** First day each public figure with a known start can be mentioned (earlier hits are namesakes). */
  private readonly since = new Map<string, string>();

  constructor(entities: Entity[] = loadGazetteer()) {
    this.gazetteer = new Gazetteer(entities);
    this.matcher = new EntityMatcher(entities);
    this.personIds = new Set(entities.filter((e) => e.kind === 'person').map((e) => e.id));
    for (const e of entities) if (e.since) this.since.set(e.id, e.since);
  }

  extract(a: ExtractInput): ArticleEntities {
    const text = documentText(a.title, a.paragraphs);
    const found = this.matcher.find(text);
    // A listed name is never a candidate, even where it names a namesake.
    const candidates = a.lang === 'ko' ? [] : findCandidates(text, found, this.personIds);
    const mentions = this.since.size ? found.filter((m) => !(a.published < (this.since.get(m.id) ?? ''))) : found;
    const appearances = detectAppearances({ ...a, text, mentions }, this.gazetteer);
    return { mentions, candidates, appearances };
  }
}

/** Extraction can be switched off (`WIREWATCH_ENTITIES=off`), to measure what it costs an import. */
export function entitiesEnabled(): boolean {
  return process.env.WIREWATCH_ENTITIES !== 'off';
}

let shared: Extractor | null = null;

/** One extractor per thread over the shipped gazetteer (building the automaton takes a moment). */
export function sharedExtractor(): Extractor {
  shared ??= new Extractor();
  return shared;
}
