import type { Gazetteer } from '../entities/gazetteer.js';
import type { Mention } from '../entities/matcher.js';
import { matchesAfterNonLetter, SURNAMES, SYLLABLE } from '../entities/names.js';
import { eventDate } from './dates.js';

export type AppearanceKind = 'inspection' | 'visit' | 'attendance' | 'performance' | 'meeting' | 'tribute' | 'observation' | 'photo';

export interface Companion {
  /** Gazetteer id, or null for a name the gazetteer does not know. */
  id: string | null;
  name: string;
}

/** One public appearance of a tracked leader, as one report tells it, with the words it was read from. */
export interface Appearance {
  person: string;
  kind: AppearanceKind;
  /** Event date `YYYY-MM-DD`, or null when the report gives none (then `reportDate` stands in for it). */
  date: string | null;
  until?: string;
  reportDate: string;
  place: string | null;
  companions: Companion[];
  /** Why: the verb, the date words, the companion sentence. */
  evidence: { verb: string; date?: string; companions?: string };
}

export interface DetectInput {
  title: string;
  paragraphs: readonly string[];
  lang: string;
  published: string;
  /** Document text (title, line break, paragraphs) and the mentions found in it. */
  text: string;
  mentions: readonly Mention[];
}

// The verb that makes the lead sentence an appearance, and what kind it is.
const VERBS: [RegExp, AppearanceKind][] = [
  [/\b(?:gave|provided|offered) (?:on-the-spot[ -]|on-site[ -]|field[ -]|onsite[ -])?guidance\b|\bdirigi[oó] sobre el terreno\b|\bgave field guidance\b|\binspected\b|\bwent round\b|\blooked round\b|\bdio orientaci[oó]n\b|\binspeccion[oó]\b|\brecorri[oó]\b/, 'inspection'],
  [/\bpaid (?:a |his )?(?:tribute|homage|respects?)\b|\brindi[oó] (?:un )?(?:sublime )?homenaje\b/, 'tribute'],
  [/\b(?:visited|paid (?:a |an )?(?:\w+ )?visit|toured|called at|went to|climbed|visit[oó]|visita)\b/, 'visit'],
  [/\b(?:enjoyed|watched|saw|appreciated) (?:a |an |the )?(?:[\w'-]+ ){0,6}?(?:performance|concert|game|match|show|play|film|opera|gymnastic|display|exhibition|contest|acrobatic|circus|art|festival|ceremony|parade|drill|firing|training|exercise|contests?)s?\b|\b(?:disfrut[oó]|presenci[oó]|vio)\b/, 'performance'],
  [/\b(?:oversaw|guided|observed|supervised|watched|directed)\b/, 'observation'],
  [/\b(?:attended|was present|were present|participated|took part|presided over|made a (?:congratulatory |important )?speech|delivered a (?:congratulatory |important )?speech|made (?:a |the )?(?:following )?(?:opening |closing |concluding )?(?:report|address|speech)|asisti[oó]|particip[oó])\b/, 'attendance'],
  [/\b(?:met|received|had (?:a )?talks?|held (?:a )?talks?|hosted|gave a (?:reception|banquet|luncheon|dinner)|shook hands|se reuni[oó]|recibi[oó]|sostuvo conversaciones?)\b/, 'meeting'],
  [/\b(?:had|posed for) (?:a )?(?:commemorative )?photo(?:graph)?s?(?: session)?\b|\bse fotografi[oó]\b/, 'photo'],
];
// Verbs that, met first, say the leader did something from afar.
const NOT_APPEARANCE = /\b(?:sent|received (?:[\w,'-]+ ){0,8}?(?:letters?|messages?|greetings?|gifts?|cards?|wreaths?|baskets?|repl(?:y|ies)|telegrams?|presents?)\b|answered|replied|wrote|published|issued|signed|approved|conferred|awarded|expressed|thanked|congratulated|dispatched|ordered|issued|envi[oó]|recibi[oó] (?:una |un |el |los )?(?:cartas?|mensajes?|felicitaci[oó]n|regalos?|presentes?|cestos?|obsequios?))\b/;
// Retrospectives: a year other than the report's, a Juche year, "times", "in his lifetime".
const PAST = /Juche \d|\b(?:\d+|many|several|dozens of|hundreds of) times\b|\blifetime\b|\bin (?:the )?(?:19|20)\d\d\b|\b(?:19|20)\d\d\)/;
const REMOTE = /\b(?:on (?:TV|television|the TV)|via (?:a )?(?:video|TV)|by video|video link|por (?:la )?televisi[oó]n)\b/i;
// Words allowed before the leader's name in the lead sentence: titles and honorifics only.
const TITLE_WORD = /^(?:the|a|dear|respected|beloved|great|supreme|leader|general|secretary|first|marshal|comrade|chairman|president|of|the|workers'|workers|party|korea|korean|wpk|dprk|people's|peoples|army|kpa|commander|national|defence|defense|commission|state|affairs|central|military|committee|and|generalissimo|el|la|del|de|mariscal|dirigente|m[aá]ximo|secretario|presidente|estimado|respetado|m[aá]ximo|compa[nñ]ero|m[aá]s|m[aá]ximo|l[ií]der|m[aá]ximo|comandante|supremo|partido|trabajo|corea|comit[eé]|asuntos|estatales|generalisimo|generalísimo)$/i;
const DATELINE = /^\s*[\p{Lu}][\p{L} .'’-]{1,40}?,\s*(?:[A-Za-z]{3,10}\.?\s+\d{1,2}|\d{1,2}\s+de\s+[a-zA-Z]+|primero\s+de\s+[a-zA-Z]+)\s*\(\s*[A-Za-z][A-Za-z -]{1,14}\s*\)\s*[-–—]*\s*/u;
const COMPANIONS = /\b(?:Le acompa[nñ]aron|le acompa[nñ]aron|was accompanied(?: on the \w+)? by|were accompanied by|accompanied by|Accompanying (?:him|them) (?:were|was)|Present (?:there |on the spot |at the \w+ )?were|Also present (?:there )?were|Lo acompa[nñ]aron|lo acompa[nñ]aron|Acompa[nñ]aron al|estuvieron presentes|Estuvieron presentes)\b/;
const ABBREV = /(?:\b(?:Mt|No|Nos|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Col|Gen|Lt|Maj|Capt|Dr|Mr|Mrs|St|U\.S|U\.N|vs|Vol|Co|Ltd|Prof|Jr)|\b[A-Z])$/;
/** A three-part Korean name; read through `matchesAfterNonLetter`, which keeps matches that do not follow a letter or digit. */
const NAME = new RegExp(String.raw`(?:${SURNAMES.join('|')}) [A-Z][a-z]{0,5}[ -][A-Za-z][a-z]{0,5}(?![\p{L}\p{N}])`, 'gu');

/** Splits a paragraph into sentences (not at "Mt. Paektu", "No. 2", "Dec. 3"). */
export function sentences(p: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = 0;
  const re = /[.!?]["”’]?\s+(?=["“]?[\p{Lu}])/gu;
  for (let m = re.exec(p); m; m = re.exec(p)) {
    const head = p.slice(start, m.index);
    if (ABBREV.test(head)) continue;
    out.push({ text: p.slice(start, m.index + 1), start });
    start = m.index + m[0].length;
  }
  if (start < p.length) out.push({ text: p.slice(start), start });
  return out;
}

const PLACE_RANK: Record<string, number> = { site: 5, county: 4, city: 4, 'special-city': 3, capital: 2, province: 1 };

/**
 * Reads a report of a leader's public activity: the lead sentence must have a tracked leader as its
 * subject (titles and honorifics only before the name) and an activity verb as its first verb. Letters,
 * messages, greetings and anything watched on television are not appearances.
 */
export function detectAppearances(a: DetectInput, gaz: Gazetteer): Appearance[] {
  if (a.lang === 'ko') return [];
  const tracked = a.mentions.filter((m) => gaz.get(m.id)?.tracked);
  if (tracked.length === 0) return [];
  // Locate the lead: the first paragraph with text after the dateline.
  const bodyStart = a.title.length + 1;
  let offset = bodyStart;
  let lead: { text: string; start: number } | null = null;
  for (const p of a.paragraphs.slice(0, 3)) {
    const dl = DATELINE.exec(p);
    const rest = dl ? p.slice(dl[0].length) : p;
    if (rest.trim().length > 20) {
      lead = { text: rest, start: offset + (dl ? dl[0].length : 0) };
      break;
    }
    offset += p.length + 1;
  }
  if (!lead) return [];
  const first = sentences(lead.text)[0];
  if (!first) return [];
  const sStart = lead.start + first.start;
  const sEnd = sStart + first.text.length;
  const subject = tracked.find((m) => m.start >= sStart && m.start < sEnd);
  if (!subject) return guidedBy(a, gaz, tracked, sStart, sEnd);
  const before = a.text.slice(sStart, subject.start).trim();
  if (before && !before.split(/[\s,]+/).filter(Boolean).every((w) => TITLE_WORD.test(w))) return [];
  const after = a.text.slice(subject.end, sEnd);
  // The first verb after the name decides.
  let best: { index: number; kind: AppearanceKind | null; verb: string } | null = null;
  const consider = (re: RegExp, kind: AppearanceKind | null) => {
    const m = re.exec(after);
    if (m && (!best || m.index < best.index || (m.index === best.index && kind === null))) best = { index: m.index, kind, verb: m[0] };
  };
  consider(NOT_APPEARANCE, null);
  for (const [re, kind] of VERBS) consider(re, kind);
  const verb = best as { index: number; kind: AppearanceKind | null; verb: string } | null;
  if (!verb || verb.kind === null) return [];
  if (REMOTE.test(after) || PAST.test(after)) return [];
  const died = gaz.get(subject.id)?.died;
  if (died && a.published > died) return [];
  // A second leader written in the same subject ("Kim Jong Il and Kim Jong Un inspected") is not counted here.
  const date = eventDate(a.text.slice(subject.start, sEnd), a.published);
  const place = pickPlace(a.mentions.filter((m) => m.start >= subject.end && m.end <= sEnd), gaz);
  const comp = companions(a, subject.id, gaz);
  const out: Appearance = {
    person: subject.id,
    kind: verb.kind,
    date: date?.date ?? null,
    reportDate: a.published,
    place,
    companions: comp.list,
    evidence: { verb: verb.verb },
  };
  if (date?.until) out.until = date.until;
  if (date) out.evidence.date = date.text;
  if (comp.sentence) out.evidence.companions = comp.sentence;
  return [out];
}

// "A test-fire … was conducted under the guidance of Kim Jong Un": the leader guided it in person.
const GUIDED = /\b(?:under the (?:field |on-the-spot |on-site )?guidance of|bajo la (?:direcci[oó]n|orientaci[oó]n) de)\s+$/;

function guidedBy(a: DetectInput, gaz: Gazetteer, tracked: readonly Mention[], sStart: number, sEnd: number): Appearance[] {
  for (const m of tracked) {
    if (m.start < sStart || m.start >= sEnd) continue;
    const lead = a.text.slice(sStart, m.start);
    const titles = lead.replace(/(?:\b(?:[\w']+)\s+){0,12}$/, (words) => (words.split(/\s+/).filter(Boolean).every((w) => TITLE_WORD.test(w)) ? '' : words));
    if (!GUIDED.test(titles)) continue;
    if (REMOTE.test(lead) || PAST.test(lead)) return [];
    const died = gaz.get(m.id)?.died;
    if (died && a.published > died) return [];
    const date = eventDate(a.text.slice(sStart, sEnd), a.published);
    const comp = companions(a, m.id, gaz);
    const out: Appearance = {
      person: m.id,
      kind: 'observation',
      date: date?.date ?? null,
      reportDate: a.published,
      place: pickPlace(a.mentions.filter((x) => x.start >= sStart && x.end <= sEnd), gaz),
      companions: comp.list,
      evidence: { verb: 'under the guidance of' },
    };
    if (date?.until) out.until = date.until;
    if (date) out.evidence.date = date.text;
    if (comp.sentence) out.evidence.companions = comp.sentence;
    return [out];
  }
  return [];
}

function pickPlace(mentions: readonly Mention[], gaz: Gazetteer): string | null {
  let best: { id: string; rank: number } | null = null;
  for (const m of mentions) {
    const e = gaz.get(m.id);
    if (e?.kind !== 'place') continue;
    const rank = PLACE_RANK[e.placeKind ?? ''] ?? 0;
    if (!best || rank > best.rank) best = { id: e.id, rank };
  }
  return best?.id ?? null;
}

/** People named, in order, in the sentences that say who accompanied the leader or who was present. */
function companions(a: DetectInput, leader: string, gaz: Gazetteer): { list: Companion[]; sentence?: string } {
  const list: Companion[] = [];
  const seen = new Set<string>();
  let evidence: string | undefined;
  let offset = a.title.length + 1;
  for (const p of a.paragraphs) {
    if (COMPANIONS.test(p)) {
      for (const s of sentences(p)) {
        const m = COMPANIONS.exec(s.text);
        if (!m) continue;
        const from = offset + s.start + m.index;
        const to = offset + s.start + s.text.length;
        evidence ??= s.text.slice(m.index, m.index + 200);
        const found: { start: number; c: Companion }[] = [];
        for (const x of a.mentions) {
          if (x.start < from || x.end > to || x.id === leader) continue;
          if (gaz.get(x.id)?.kind !== 'person') continue;
          found.push({ start: x.start, c: { id: x.id, name: gaz.get(x.id)!.name } });
        }
        const segment = a.text.slice(from, to);
        for (const n of matchesAfterNonLetter(segment, NAME)) {
          const start = from + n.index;
          if (a.mentions.some((x) => x.start <= start && x.end > start)) continue;
          const parts = n[0].split(/[ -]/);
          if (!parts.slice(1).every((s) => SYLLABLE.test(s))) continue;
          const name = `${parts[0]} ${parts[1]} ${parts[2][0].toUpperCase()}${parts[2].slice(1)}`;
          found.push({ start, c: { id: null, name } });
        }
        found.sort((x, y) => x.start - y.start);
        for (const f of found) {
          const key = f.c.id ?? f.c.name;
          if (seen.has(key)) continue;
          seen.add(key);
          list.push(f.c);
        }
      }
    }
    offset += p.length + 1;
  }
  return evidence ? { list, sentence: evidence } : { list };
}
