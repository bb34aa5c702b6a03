/** The parsed form of a search query, shared by every search backend. */
export type QueryNode = TextNode | FilterNode | AndNode | OrNode | NotNode;

/** A bare word (`nuclear`, `nucl*`) or a quoted phrase, optionally limited to a text field (`title:`). */
export interface TextNode {
  type: 'text';
  /** Raw text as typed (without quotes or the trailing `*`). */
  value: string;
  phrase: boolean;
  prefix: boolean;
  field: TextField | null;
  pos: number;
}

export type TextField = 'title' | ChangeField;

/** Text a version change removed or added (`removed:"Jang Song Thaek"`): matched against the versions' differences. */
export type ChangeField = 'added' | 'removed';

export function isChangeField(field: TextField | null): field is ChangeField {
  return field === 'added' || field === 'removed';
}

/** A metadata condition: `source:`, `lang:`, `date:` (and later fields such as `entity:`). */
export interface FilterNode {
  type: 'filter';
  field: string;
  value: FilterValue;
  raw: string;
  pos: number;
}

export type FilterValue =
  | { kind: 'keyword'; value: string }
  /** Inclusive calendar range, `YYYY-MM-DD`; either end may be open. */
  | { kind: 'date'; from: string | null; to: string | null };

export interface AndNode {
  type: 'and';
  children: QueryNode[];
}

export interface OrNode {
  type: 'or';
  children: QueryNode[];
}

export interface NotNode {
  type: 'not';
  child: QueryNode;
}

export type SortOrder = 'relevance' | 'newest' | 'oldest';
export const SORT_ORDERS: readonly SortOrder[] = ['relevance', 'newest', 'oldest'];
