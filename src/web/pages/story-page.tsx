import type { LanguageLink, StoryMember } from '../../stories/stories.js';
import type { Article } from '../../store/store.js';
import { PARAGRAPH_NOTE, type ArticleComparison } from '../../versions/diff.js';
import { LANG_NAME, longDate, wordCounts } from '../format.js';
import { DateText, Layout } from '../layout.js';
import { LanguageVersions } from './story-sections.js';
import { TextDiff } from './text-diff.js';

const HOW: Record<StoryMember['how'], string> = {
  founder: 'first stored copy',
  exact: 'same text',
  near: 'close copy',
};

export interface StoryPageProps {
  story: { id: number; size: number };
  members: StoryMember[];
  /** Versions in other languages linked to the members (each once). */
  languages: LanguageLink[];
  firstId: number;
  left: Article;
  right: Article;
  /** How `left` and `right` compare. */
  diff: ArticleComparison;
}

/** All copies of one story on a timeline, the first publication marked, and the words that differ between two of them. */
export function StoryPage({ story, members, firstId, left, right, languages, diff }: StoryPageProps) {
  const first = members.find((m) => m.id === firstId)!;
  const stats = diff;
  const outlets = new Set(members.map((m) => m.sourceSlug)).size;
  const option = (m: StoryMember, selected: boolean) => (
    <option value={String(m.id)} selected={selected}>
      #{m.id} · {m.sourceName} · {longDate(m.published)}
    </option>
  );
  return (
    <Layout title={`Story: ${first.title}`}>
      <p class="meta">
        <span>Story #{story.id}</span>
        <span>
          {members.length} copies in {outlets} {outlets === 1 ? 'outlet' : 'outlets'}
        </span>
        <span>
          <a href={`/api/stories/${story.id}`}>JSON</a>
        </span>
      </p>
      <h1 lang={first.lang} dir="auto">{first.title}</h1>
      <p class="meta">
        First published <DateText ymd={first.published} /> by {first.sourceName}
        {members.length > 1 ? (
          <>
            ; last copy <DateText ymd={members[members.length - 1].published} />
          </>
        ) : null}
        .
      </p>
      <ol class="timeline">
        {members.map((m) => (
          <li class={m.id === firstId ? 'first' : undefined}>
            <DateText ymd={m.published} />
            <span class="outlet">
              {m.sourceName} · {LANG_NAME[m.lang] ?? m.lang}
            </span>
            <a href={`/articles/${m.id}`} lang={m.lang} dir="auto">
              {m.title}
            </a>
            <span class="how">
              {m.id === firstId ? <strong class="badge">first publication</strong> : null} {HOW[m.how]}
              {m.how === 'near' && m.similarity !== null ? ` (${Math.round(m.similarity * 100)} % of shingles shared)` : ''}
            </span>
          </li>
        ))}
      </ol>
      <LanguageVersions links={languages} json={`/api/stories/${story.id}`} />
      {members.length > 1 ? (
        <>
          <h2>Differences between two copies</h2>
          <form class="compare" method="get" action={`/stories/${story.id}`}>
            <label>
              Compare <select name="a">{members.map((m) => option(m, m.id === left.id))}</select>
            </label>
            <label>
              with <select name="b">{members.map((m) => option(m, m.id === right.id))}</select>
            </label>
            <button type="submit">Show differences</button>
          </form>
          <p class="meta">
            #{left.id} ({left.sourceName}, {longDate(left.published)}) → #{right.id} ({right.sourceName}, {longDate(right.published)}):{' '}
            {left.id === right.id
              ? 'the same copy on both sides.'
              : stats.added + stats.removed === 0
                ? 'the same words.'
                : `${wordCounts(stats.added, stats.removed)}. Inserted text is green, deleted text red and struck through.`}
          </p>
          {diff.granularity === 'paragraph' ? (
            <p class="note diff-note" role="note">
              {PARAGRAPH_NOTE}
            </p>
          ) : null}
          <TextDiff lang={left.lang} title={diff.title} body={diff.body} />
        </>
      ) : null}
    </Layout>
  );
}
