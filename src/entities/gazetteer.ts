import { readFileSync } from 'node:fs';

export type EntityKind = 'person' | 'organization' | 'place';

export interface Role {
  title: string;
  from?: string;
  to?: string;
}

/** One gazetteer entry: a person, organization or place, with every form it is written in. */
export interface Entity {
  id: string;
  kind: EntityKind;
  name: string;
  aliases: string[];
  hangul: string[];
  country?: string;
  roles?: Role[];
  /** Leaders whose public appearances are counted by the tracker. */
  tracked?: boolean;
  /** Places: capital, special-city, province, city, county, site. */
  placeKind?: string;
  /** People: date of death, `YYYY-MM-DD`. */
  died?: string;
  /**
   * People: the day the outlets first name this person as a public figure, `YYYY-MM-DD`. The same name
   * in an earlier article is a namesake (a minister "Kim Jong Un" of public health in 1998), not a mention.
   */
  since?: string;
  province?: string;
  note?: string;
}

const DATA = new URL('../../data/entities/', import.meta.url);

interface RawEntry {
  id: string;
  name: string;
  aliases?: string[];
  hangul?: string[];
  country?: string;
  roles?: Role[];
  tracked?: boolean;
  kind?: string;
  province?: string;
  note?: string;
  died?: string;
  since?: string;
}

function read(file: string, key: string): RawEntry[] {
  const json = JSON.parse(readFileSync(new URL(file, DATA), 'utf8')) as Record<string, RawEntry[]>;
  return json[key];
}

function toEntity(kind: EntityKind, e: RawEntry): Entity {
  const out: Entity = { id: e.id, kind, name: e.name, aliases: e.aliases ?? [], hangul: e.hangul ?? [] };
  if (e.country) out.country = e.country;
  if (e.roles) out.roles = e.roles;
  if (e.tracked) out.tracked = true;
  if (kind === 'place' && e.kind) out.placeKind = e.kind;
  if (e.province) out.province = e.province;
  if (e.note) out.note = e.note;
  if (e.died) out.died = e.died;
  if (e.since) out.since = e.since;
  return out;
}

let cached: Entity[] | null = null;

/** The gazetteer shipped in data/entities (people, organizations, places). */
export function loadGazetteer(): Entity[] {
  cached ??= [
    ...read('people.json', 'people').map((e) => toEntity('person', e)),
    ...read('organizations.json', 'organizations').map((e) => toEntity('organization', e)),
    ...read('places.json', 'places').map((e) => toEntity('place', e)),
  ];
  return cached;
}

export class Gazetteer {
  private readonly byId = new Map<string, Entity>();

  constructor(readonly entities: Entity[]) {
    for (const e of entities) this.byId.set(e.id, e);
  }

  get(id: string): Entity | undefined {
    return this.byId.get(id);
  }

  tracked(): Entity[] {
    return this.entities.filter((e) => e.tracked);
  }
}
