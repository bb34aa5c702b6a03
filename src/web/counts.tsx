import { number } from './format.js';

/**
 * What every count in the archive counts, said once (docs/counts.md): an article is one stored text,
 * so the same text published under several URLs counts once; with "one per story" on, a story counts once
 * however many articles tell it (an article in no story is its own).
 */
export const COUNTS_MEAN = {
  articles: 'Articles: distinct texts. The same text published under several URLs of a source counts once.',
  stories: 'Stories: one per story, however many copies and outlets carry it; an article in no story counts as one.',
  mentions: 'Articles (distinct texts) that name this entity at least once.',
} as const;

/** A count with its unit, saying in its title text what it counts. */
export function Count(props: { n: number; unit?: string; means: keyof typeof COUNTS_MEAN }) {
  const unit = props.unit ?? (props.means === 'stories' ? (props.n === 1 ? 'story' : 'stories') : props.n === 1 ? 'article' : 'articles');
  return (
    <span class="count" title={COUNTS_MEAN[props.means]}>
      {number(props.n)} {unit}
    </span>
  );
}

/** A short line under a table or list of counts saying what they count. */
export function CountNote(props: { means: keyof typeof COUNTS_MEAN }) {
  return (
    <p class="count-note">
      {COUNTS_MEAN[props.means]} <a href="/about/counts">How counts work</a>
    </p>
  );
}
