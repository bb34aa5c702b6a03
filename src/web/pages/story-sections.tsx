import { DEFAULT_STORY_CONFIG } from '../../stories/config.js';
import type { LanguageLink, StoryMember } from '../../stories/stories.js';
import { hostname, LANG_NAME } from '../format.js';
import { DateText } from '../layout.js';

export interface ArticleStoryContext {
  story: { id: number; size: number } | null;
  /** The other copies of the story (this article left out), earliest first. */
  elsewhere: StoryMember[];
  firstId: number | null;
  languages: LanguageLink[];
}

/**
 * "Other languages": the links confident enough to show (`shown`), and how many weaker ones were left out
 * (the JSON at `json` lists them with their confidence).
 */
export function LanguageVersions({ links, json: jsonHref }: { links: readonly LanguageLink[]; json: string }) {
  const shown = links.filter((l) => l.shown);
  const hidden = links.length - shown.length;
  if (links.length === 0) return null;
  const under = `under ${Math.round(DEFAULT_STORY_CONFIG.linkShown * 100)} %`;
  const json = <a href={jsonHref}>the JSON</a>;
  if (shown.length === 0) {
    return (
      <p class="meta">
        No version in another language is certain enough to show: {hidden === 1 ? 'one candidate' : `${hidden} candidates`} ({under},
        often another story) only in {json}.
      </p>
    );
  }
  return (
    <>
      <h2>Other languages</h2>
      <ul class="list">
        {shown.map((l) => (
          <li>
            <a href={`/articles/${l.id}`} lang={l.lang} hreflang={l.lang} dir="auto">
              {l.title}
            </a>{' '}
            <span class="d">
              {LANG_NAME[l.lang] ?? l.lang} · {l.sourceName} · <DateText ymd={l.published} /> · confidence{' '}
              {Math.round(l.confidence * 100)} %
            </span>
          </li>
        ))}
      </ul>
      {hidden ? (
        <p class="meta">
          {hidden === 1 ? 'One weaker candidate' : `${hidden} weaker candidates`} ({under}) only in {json}.
        </p>
      ) : null}
    </>
  );
}

/** "Same story elsewhere" and "Other languages" on an article page. */
export function StorySections({ articleId, ctx }: { articleId: number; ctx: ArticleStoryContext }) {
  if (!ctx.story && ctx.languages.length === 0) return null;
  return (
    <section class="story-links">
      {ctx.story ? (
        <>
          <h2>Same story elsewhere</h2>
          <p class="meta">
            {ctx.firstId === articleId ? 'This is the first publication. ' : ''}
            <a href={`/stories/${ctx.story.id}`}>
              All {ctx.story.size} copies on a timeline, with their differences
            </a>
          </p>
          <ul class="list">
            {ctx.elsewhere.slice(0, 20).map((m) => (
              <li>
                <a href={`/articles/${m.id}`} lang={m.lang} dir="auto">
                  {m.title}
                </a>{' '}
                <span class="d">
                  {m.sourceName} · <DateText ymd={m.published} />
                  {m.id === ctx.firstId ? ' · first publication' : ''} · {hostname(m.url)}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <LanguageVersions links={ctx.languages} json={`/api/articles/${articleId}`} />
    </section>
  );
}
