/** An article's text as compared between fetches. */
export interface ArticleText {
  title: string;
  paragraphs: string[];
}

/**
 * Whether `next` says what `prev` said once the lines that differ between `next` and `again` (the same
 * page fetched moments later) are left out. A counter, a clock or a token inside the article text changes
 * on every fetch and is no edit; an edit anywhere else on such a page still is one.
 */
export function sameButVolatile(prev: ArticleText, next: ArticleText, again: ArticleText): boolean {
  const n = next.paragraphs.length;
  if (prev.paragraphs.length !== n || again.paragraphs.length !== n) return false;
  if (next.title === again.title && next.title !== prev.title) return false;
  return next.paragraphs.every((p, i) => p !== again.paragraphs[i] || p === prev.paragraphs[i]);
}
