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
  evidence: { verb: string; date?: string; companions?: string; headline?: string };
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
  [/\b(?:gave|provided|offered|rendered) (?:an? )?(?:on-the-spot[ -]|on-site[ -]|field[ -]|onsite[ -])?guidance\b|\bdirigi[oó] sobre el terreno\b|\bgave field guidance\b|\binspected\b|\bwent round\b|\blooked round\b|\bdio orientaci[oó]n\b|\binspeccion[oó]\b|\brecorri[oó]\b/, 'inspection'],
  [/\bpaid (?:a |his )?(?:tribute|homage|respects?)\b|\brindi[oó] (?:un )?(?:sublime )?homenaje\b/, 'tribute'],
  [/\b(?:visited|paid (?:a |an )?(?:\w+ )?visits?|made (?:a |an )?(?:\w+ )?(?:visit|trip|tour)|toured|called at|went to|climbed|visit[oó]|visita)\b/, 'visit'],
  [/\b(?:enjoyed|watched|saw|appreciated) (?:a |an |the )?(?:[\w'-]+ ){0,6}?(?:performance|concert|game|match|show|play|film|opera|gymnastic|display|exhibition|contest|acrobatic|circus|art|festival|ceremony|parade|drill|firing|training|exercise|contests?)s?\b|\b(?:disfrut[oó]|presenci[oó]|vio)\b/, 'performance'],
  [/\b(?:oversaw|guided|observed|supervised|watched|directed)\b/, 'observation'],
  [/\b(?:attended|was present|were present|participated|took part|presided over|convened|called (?:an? |the )?(?:[\w'-]+ ){0,4}(?:meeting|conference|session)|(?:made|delivered|gave) (?:an? |the |his )?(?:[\w'-]+ ){0,3}?(?:report|address|speech|lecture)|spoke at|asisti[oó]|particip[oó]|presidi[oó]|convoc[oó]|pronunci[oó] (?:un |el )?(?:\w+ )?discurso)\b/, 'attendance'],
  [/\b(?:met|received|had (?:a )?talks?|held (?:a )?talks?|hosted|gave a (?:reception|banquet|luncheon|dinner)|shook hands|se reuni[oó]|recibi[oó]|sostuvo conversaciones?)\b/, 'meeting'],
  [/\b(?:had|posed for) (?:a )?(?:commemorative )?photo(?:graph)?s?(?: session)?\b|\bse fotografi[oó]\b/, 'photo'],
];
// Verbs that, met first, say the leader did something from afar.
const HONOURS = String.raw`medals?|orders?|diplomas?|titles?|banners?|prizes?|awards?|decorations?|honou?rs?|certificates?|badges?|plaques?|congratulator(?:y|ies)`;
const NOT_APPEARANCE = new RegExp(String.raw`\b(?:sent|received (?:[\w,'-]+ ){0,8}?(?:letters?|messages?|greetings?|gifts?|cards?|wreaths?|baskets?|repl(?:y|ies)|telegrams?|presents?|${HONOURS})\b|answered|replied|wrote|published|issued|signed|approved|conferred|awarded|expressed|thanked|congratulated|dispatched|ordered|issued|envi[oó]|recibi[oó] (?:una |un |el |los |la |las )?(?:cartas?|mensajes?|felicitaci[oó]n|regalos?|presentes?|cestos?|obsequios?|medallas?|[oó]rden(?:es)?|diplomas?|t[ií]tulos?|premios?|banderas?|condecoraci[oó]n(?:es)?))\b`);
// Retrospectives: a year other than the report's, a Juche year, "last year", "times", "in his lifetime".
const PAST = /\bJuche \d|\blast (?:year|month)\b|\b(?:years?|months?) ago\b|\b(?:\d+|many|several|dozens of|hundreds of) times\b|\blifetime\b|\bin (?:the )?(?:19|20)\d\d\b|\b(?:19|20)\d\d\)/;
// A lead that reports what someone said or wrote: a statement, an article, an editorial.
const SAID = /\b(?:said|says|noted|notes|stressed|declared|wrote|writes|in an? (?:article|editorial|commentary|statement|letter)|(?:carried|posted|issued|made public|published) (?:an? |the |a joint )?(?:article|editorial|commentary|statement))\b/i;
const REMOTE = /\b(?:on (?:TV|television|the TV)|via (?:a )?(?:video|TV)|by video|video link|por (?:la )?televisi[oó]n)\b/i;
// Words allowed before the leader's name in the lead sentence: titles and honorifics only.
const TITLE_WORD = /^(?:the|a|dear|respected|beloved|great|supreme|leader|general|secretary|first|marshal|comrade|chairman|president|of|the|workers'|workers|party|korea|korean|wpk|dprk|people's|peoples|army|kpa|commander|national|defence|defense|commission|state|affairs|central|military|committee|and|generalissimo|fatherly|el|la|del|de|mariscal|dirigente|m[aá]ximo|secretario|presidente|estimado|respetado|m[aá]ximo|compa[nñ]ero|m[aá]s|m[aá]ximo|l[ií]der|m[aá]ximo|comandante|supremo|partido|trabajo|corea|comit[eé]|asuntos|estatales|generalisimo|generalísimo)$/i;
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
 * Reads a report of a leader's public activity. The lead sentence decides when a tracked leader is its
 * subject (titles, honorifics and a date before the name only) and its first verb after the name is an
 * activity; letters, messages, greetings and anything watched on television are not appearances. When the
 * lead tells the occasion first ("The Unhasu concert was given … on Monday"), a headline with the leader as
 * subject and an activity verb ("Kim Jong Un Enjoys Unhasu Concert") decides, and the first sentence of
 * the opening paragraphs that names the leader at the activity gives the date and place. A report of
 * several separate visits ("Then he inspected the Hero Defence Detachment…", "KPA Units 1 and 2") gives
 * one appearance a visit.
 */
export function detectAppearances(a: DetectInput, gaz: Gazetteer): Appearance[] {
  if (a.lang === 'ko') return [];
  const tracked = a.mentions.filter((m) => gaz.get(m.id)?.tracked);
  if (tracked.length === 0) return [];
  const opening = openingSentences(a, 4);
  if (opening.length === 0) return [];
  const lead = opening[0];
  const names = (x: { start: number; end: number }) => tracked.some((m) => m.start >= x.start && m.start < x.end);
  // A lead that names no leader is a preamble ("The cause of the DPRK … is faced with …"): the first sentence
  // of the opening paragraphs that names one stands in for it when the headline names the leader too. Under
  // another headline only the sentence right after the lead may ("The 7th Congress of the WPK opened Friday.
  // Kim Jong Un was present there."), and not after a lead that reports what someone said: there the report
  // is about something else and the leader comes up in passing ("The statement said: … Kim Jong Un guided
  // the test-fire", a feature's "Kim Jong Un visited the farm, expressing great satisfaction").
  const inHeadline = tracked.some((m) => m.end <= a.title.length);
  const said = SAID.test(a.text.slice(lead.start, lead.end));
  const first = names(lead) ? lead : inHeadline ? (opening.find(names) ?? lead) : opening[1] && names(opening[1]) && !said ? opening[1] : lead;
  const fromLead = readSentence(a, gaz, tracked, first.start, first.end);
  let found: Appearance | null = fromLead && typeof fromLead === 'object' ? fromLead : null;
  if (!found && fromLead !== 'never') {
    const head = headlineActivity(a, gaz, tracked);
    if (!head) return [];
    // The headline's evidence may follow a longer preamble.
    const body = openingSentences(a, 8);
    for (const s of body) {
      const r = readSentence(a, gaz, tracked, s.start, s.end, head.person);
      if (r && typeof r === 'object' && r.person === head.person) {
        found = { ...r, kind: head.kind, evidence: { ...r.evidence, headline: head.verb } };
        break;
      }
    }
    if (!found) {
      // The body must be the headline's report (older pages pair some headlines with another article's text).
      if (!tracked.some((m) => m.id === head.person && m.start >= lead.start && m.start < body.at(-1)!.end)) return [];
      // No sentence shows him at it ("… issued an order to conduct a test-fire"): the first that names him
      // gives the date, else the lead.
      const at = body.find(names) ?? lead;
      const leadText = a.text.slice(lead.start, lead.end);
      if (REMOTE.test(leadText) || PAST.test(leadText)) return [];
      found = build(a, gaz, head.person, head.kind, { verb: head.verb }, at.start, at.end, at.start);
      found.evidence.headline = head.verb;
    }
  }
  if (!found) return [];
  if (!found.date) {
    // A report that tells the occasion first gives its date there ("The Unhasu concert was given … on
    // Monday"), or where it first names the leader.
    const sources = [openingSentences(a, 8).find(names), lead];
    for (const x of sources) {
      const date = x ? eventDate(a.text.slice(x.start, x.end), a.published) : null;
      if (!date) continue;
      found.date = date.date;
      if (date.until) found.until = date.until;
      found.evidence.date = date.text;
      break;
    }
  }
  const died = gaz.get(found.person)?.died;
  if (died && a.published > died) return [];
  return [found, ...moreVisits(a, gaz, found)];
}

/** The sentences of the first paragraphs with text after the dateline, as offsets into the document text. */
function openingSentences(a: DetectInput, paragraphs: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let offset = a.title.length + 1;
  let taken = 0;
  for (const p of a.paragraphs) {
    if (taken === paragraphs) break;
    const dl = taken === 0 ? DATELINE.exec(p) : null;
    const rest = dl ? p.slice(dl[0].length) : p;
    const at = offset + (dl ? dl[0].length : 0);
    offset += p.length + 1;
    if (rest.trim().length <= 20) continue;
    taken++;
    for (const s of sentences(rest)) out.push({ start: at + s.start, end: at + s.start + s.text.length });
  }
  return out;
}

// A date, said first: "On August 4 Kim Jong Un …", "On Monday, …", "El 8 de junio …".
const LEAD_IN = /^(?:(?:on|in the (?:morning|afternoon|evening) of|el)\s+(?:[A-Za-z]+\.?\s+)?\d{1,2}(?:st|nd|rd|th)?(?:\s+de\s+[a-z]+)?|(?:on\s+|el\s+)?(?:sunday|monday|tuesday|wednesday|thursday|friday|saturday|domingo|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado)|today|yesterday|hoy|ayer)\s*,?\s*/i;

/**
 * One sentence: an appearance when a tracked leader is its subject and the first verb after the name is
 * an activity (or the sentence happens "under the guidance of" / "in the presence of" the leader); `'no'`
 * when the leader is the subject of something else; `'never'` when it tells of television, video or the
 * past; null when no leader is its subject.
 */
function readSentence(a: DetectInput, gaz: Gazetteer, tracked: readonly Mention[], sStart: number, sEnd: number, person?: string): Appearance | 'no' | 'never' | null {
  const subject = tracked.find((m) => m.start >= sStart && m.start < sEnd && (!person || m.id === person));
  if (!subject) return null;
  const before = a.text.slice(sStart, subject.start).trim().replace(LEAD_IN, '');
  if (before && !before.split(/[\s,]+/).filter(Boolean).every((w) => TITLE_WORD.test(w))) return guidedBy(a, gaz, tracked, sStart, sEnd, person);
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
  if (REMOTE.test(after) || PAST.test(after)) return 'never';
  if (!verb) return null;
  if (verb.kind === null) return 'no';
  return build(a, gaz, subject.id, verb.kind, { verb: verb.verb }, subject.start, sEnd, subject.end);
}

/** An appearance read from the sentence `from`–`to` (date from there, place after `placeFrom`), with the report's companions. */
function build(a: DetectInput, gaz: Gazetteer, person: string, kind: AppearanceKind, evidence: Appearance['evidence'], from: number, to: number, placeFrom: number): Appearance {
  const date = eventDate(a.text.slice(from, to), a.published);
  const comp = companions(a, person, gaz);
  const out: Appearance = {
    person,
    kind,
    date: date?.date ?? null,
    reportDate: a.published,
    place: pickPlace(a.mentions.filter((m) => m.start >= placeFrom && m.end <= to), gaz),
    companions: comp.list,
    evidence,
  };
  if (date?.until) out.until = date.until;
  if (date) out.evidence.date = date.text;
  if (comp.sentence) out.evidence.companions = comp.sentence;
  return out;
}

// The headline's verb, right after the leader's name ("Kim Jong Un Enjoys Performance", "Kim Jong Il Provides
// Field Guidance to …", "Kim Jong Un presencia la función …"). Anything else there (Sends, Receives Greetings,
// Greets, Publishes, Awards, "Kim Jong Un's …") is not an appearance.
const HEADLINE_VERBS: [RegExp, AppearanceKind][] = [
  [/^(?:inspects|(?:gives|provides|offers) (?:an? )?(?:on-the-spot |on-site |field )?guidance|goes round|looks round|inspecciona|dirige sobre el terreno|da orientaci[oó]n|recorre)\b/i, 'inspection'],
  [/^(?:pays (?:a |high )?(?:tribute|homage|respects?)|rinde (?:un )?homenaje)\b/i, 'tribute'],
  [/^(?:visits|tours|pays (?:a |an )?(?:[\w-]+ )?visit|calls at|climbs|visita)\b/i, 'visit'],
  [/^(?:enjoys|watches|sees|appreciates|disfruta|presencia|ve|aprecia)\b/i, 'performance'],
  [/^(?:oversees|guides|observes|supervises|directs|orienta|gu[ií]a)\b/i, 'observation'],
  [/^(?:attends|convenes|presides over|makes (?:an? |the )?(?:[\w'-]+ ){0,3}?(?:speech|address|report|lecture)|delivers|speaks|participates|takes part|asiste|participa|preside|convoca|pronuncia)\b/i, 'attendance'],
  [/^(?:meets|holds talks|has talks|hosts|gives (?:a )?(?:reception|banquet|luncheon|dinner)|receives (?!(?:[\w,'-]+ ){0,6}?(?:letters?|messages?|greetings?|gifts?|cards?|wreaths?|baskets?|repl(?:y|ies)|telegrams?|presents?|congratulations?|felicitations?|condolences?|floral|best wishes|thanks|support|invitations?|credentials|medals?|orders?|diplomas?|titles?|banners?|prizes?|awards?|decorations?|honou?rs?|certificates?|badges?|plaques?|congratulator(?:y|ies))\b)|se re[uú]ne|sostiene conversaciones?|recibe (?!(?:[\w,'-]+ ){0,6}?(?:cartas?|mensajes?|felicitaci[oó]n(?:es)?|saludos?|regalos?|presentes?|cestos?|obsequios?|canastas?|tarjetas?|condolencias?|telegramas?|flores|ramos?|coronas?|respuestas?|cartas credenciales|medallas?|[oó]rden(?:es)?|diplomas?|t[ií]tulos?|premios?|banderas?|condecoraci[oó]n(?:es)?)\b))/i, 'meeting'],
  [/^(?:has (?:a )?(?:commemorative )?photo(?:graph)?s?(?: session)?|poses for (?:a )?(?:commemorative )?photo|se fotograf[ií]a)\b/i, 'photo'],
];

function headlineActivity(a: DetectInput, gaz: Gazetteer, tracked: readonly Mention[]): { person: string; kind: AppearanceKind; verb: string } | null {
  const subject = tracked.find((m) => m.end <= a.title.length);
  if (!subject) return null;
  const before = a.text.slice(0, subject.start).trim();
  if (before && !before.split(/[\s,]+/).filter(Boolean).every((w) => TITLE_WORD.test(w))) {
    // "Test-fire … Conducted under Guidance of Respected Comrade Kim Jong Un"
    const g = guidedBefore(before + ' ');
    if (!g || REMOTE.test(before) || PAST.test(before)) return null;
    return { person: subject.id, kind: /presenc/i.test(g[0]) ? 'attendance' : 'observation', verb: g[0].trim() };
  }
  const after = a.text.slice(subject.end, a.title.length).replace(/^\s+/, '');
  if (REMOTE.test(after) || PAST.test(after)) return null;
  for (const [re, kind] of HEADLINE_VERBS) {
    const m = re.exec(after);
    if (m) return { person: subject.id, kind, verb: m[0].trim() };
  }
  return null;
}

// A further visit told later in the report: "Then he provided field guidance to the Wonsan Chemical Factory",
// "He also inspected the Hero Defence Detachment on Mu Islet" — a named unit or establishment, not a part of
// the first one ("Then he toured the control room", "He visited the house of …").
const FURTHER = /^(?:(?:Then|After that|Next|Later(?: on)?|Afterwards|On (?:his|the) (?:way|return trip)[^,]{0,30}),?\s+(?:he|Kim Jong (?:Il|Un))(?:\s+(?:also|then))?|(?:He|Kim Jong (?:Il|Un))\s+(?:also|then|next|later|afterwards|went on to))\s+(visited|inspected|(?:gave|provided|offered) (?:an? )?(?:on-the-spot |field |on-site )?guidance to)\s+(?:the\s+|a\s+|an\s+)?([A-Z][^,;]{0,80})/;
const UNITS = /\bUnits\s+((?:\d+(?:,\s*|\s+and\s+))+\d+)\b/;

// A report that announces one tour of many places ("Provides Field Guidance to Various Fields of Samjiyon
// County", "Inspects Various Construction Projects") tells one appearance, however many sites it then names.
const ONE_TOUR = /\b(?:various|several|different|many|a number of|diversos|varias|varios|distintas|distintos)\s+(?:[\w'-]+\s+){0,2}?(?:fields?|units?|sectors?|places?|sites?|projects?|establishments?|parts?|factories|farms|objects?|areas?|campos?|unidades|sectores|lugares|obras|entidades)\b/i;

function moreVisits(a: DetectInput, gaz: Gazetteer, first: Appearance): Appearance[] {
  if (first.kind !== 'inspection' && first.kind !== 'visit') return [];
  const out: Appearance[] = [];
  const seen = new Set<string>();
  const lead = openingSentences(a, 1)[0];
  if (ONE_TOUR.test(a.title) || (lead && ONE_TOUR.test(a.text.slice(lead.start, lead.end)))) return [];
  const units = lead ? UNITS.exec(a.text.slice(lead.start, lead.end)) : null;
  if (units) {
    const numbers = new Set(units[1].split(/,\s*|\s+and\s+/));
    for (const n of [...numbers].slice(1)) out.push({ ...first, companions: first.companions, evidence: { verb: `Unit ${n}` } });
  }
  let offset = a.title.length + 1;
  for (const p of a.paragraphs) {
    for (const s of sentences(p)) {
      const m = FURTHER.exec(s.text);
      if (!m) continue;
      const what = m[2].replace(/\s+(?:to|and|in order|where|which|that)\b.*$/, '').trim();
      if (/^(?:Unit|KPA)$/.test(what) || seen.has(what)) continue;
      seen.add(what);
      const from = offset + s.start;
      const to = from + s.text.length;
      const date = eventDate(s.text, a.published);
      const place = pickPlace(a.mentions.filter((x) => x.start >= from && x.end <= to), gaz);
      const ap: Appearance = { ...first, kind: /visit/.test(m[1]) ? 'visit' : 'inspection', date: date?.date ?? first.date, place: place ?? first.place, evidence: { verb: `${m[1]} ${what}`.slice(0, 120) } };
      if (date?.until) ap.until = date.until;
      else delete ap.until;
      out.push(ap);
    }
    offset += p.length + 1;
  }
  return out;
}

// "A test-fire … was conducted under the guidance of Kim Jong Un": the leader guided it in person;
// "The finals took place … in the presence of Kim Jong Un": he was there.
const GUIDED = /\b(?:under (?:the )?(?:field |on-the-spot |on-site )?guidance of|bajo la (?:direcci[oó]n|orientaci[oó]n) de|in (?:the )?presence of|con (?:la )?presencia de|en presencia de)\s+$/i;

/** The "under the guidance of" before a leader's name, past the titles written between them. */
function guidedBefore(text: string): RegExpExecArray | null {
  let rest = text;
  for (let i = 0; i < 16; i++) {
    const g = GUIDED.exec(rest);
    if (g) return g;
    const word = /([\w'’-]+)[\s,]*$/.exec(rest);
    if (!word || !TITLE_WORD.test(word[1])) return null;
    rest = rest.slice(0, word.index);
  }
  return null;
}

// The occasion the sentence tells, before "under the guidance of": "A test-fire … was successfully conducted",
// "There took place an inaugural ceremony", "The meeting opened", "Tuvo lugar la reunión". Without it the phrase
// qualifies something else: "the drill held under the guidance of … was a sledge-hammer", "the participants
// in the parade, who celebrated … in the presence of …", "to carry on the march … under the guidance of …".
const OCCASION = /\b(?:(?:was|were|has been|have been|had been)\s+(?:[a-z]+ly\s+)?(?:held|conducted|staged|given|carried out|launched|performed|opened|organized|made|fired|test-fired|tested|done|executed|started|hosted|unveiled|inaugurated|served|arranged|shown|demonstrated)|took place|(?:conducted|staged|held|carried out|launched|test-fired|gave|hosted|made|performed|organized) (?:a|an|the|its|their)|tuvo lugar|se (?:celebr|efectu|realiz|llev|inaugur|ofreci|abri|clausur|inici)[oó]|fue (?:[a-z]+mente )?(?:celebrad|efectuad|realizad|lanzad|inaugurad|ofrecid)[oa])\b/i;
// Reported speech or a quoted title before the phrase: "The statement said: … under the guidance of", the film
// "Grand Celebration … in Presence of Respected Comrade Kim Jong Un".
const QUOTED = /\b(?:said|says|say|noted|notes|stressed|added|declared|wrote|writes|reads?|dijo|dice|declar[oó]|señal[oó])\b|:|["“”]/i;

function guidedBy(a: DetectInput, gaz: Gazetteer, tracked: readonly Mention[], sStart: number, sEnd: number, person?: string): Appearance | 'never' | null {
  for (const m of tracked) {
    if (m.start < sStart || m.start >= sEnd || (person && m.id !== person)) continue;
    const lead = a.text.slice(sStart, m.start);
    const g = guidedBefore(lead);
    if (!g) continue;
    const told = lead.slice(0, g.index);
    if (!OCCASION.test(told) || QUOTED.test(told)) continue;
    if (REMOTE.test(lead) || PAST.test(lead)) return 'never';
    const kind: AppearanceKind = /presenc/i.test(g[0]) ? 'attendance' : 'observation';
    return build(a, gaz, m.id, kind, { verb: g[0].trim() }, sStart, sEnd, sStart);
  }
  return null;
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
