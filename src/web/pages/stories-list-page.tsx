import type { StoryListItem } from '../../stories/stories.js';
import { LANG_NAME, number } from '../format.js';
import { DateText, Layout } from '../layout.js';
import { Pager } from './article-list.js';

/** Stories of two or more copies, newest first by first publication. */
export function StoriesListPage(props: { items: StoryListItem[]; total: number; page: number; pages: number; perPage: number }) {
  return (
    <Layout title={props.page > 1 ? `Stories, page ${props.page}` : 'Stories'}>
      <h1>Stories</h1>
      <p class="lede">
        A story is one report and its copies: reprints, re-runs, the same text in other outlets. Each is listed once, under the headline of its first
        publication.
      </p>
      <p class="meta">
        <span title="Stories of two or more stored copies (articles).">
          {number(props.total)} {props.total === 1 ? 'story' : 'stories'} of two or more copies
        </span>
        <span>newest first publication first</span>
        <span>
          <a href={`/api/stories?page=${props.page}`}>JSON</a>
        </span>
      </p>
      {props.items.length === 0 ? (
        <p>{props.total === 0 ? 'No story has two copies in this archive yet.' : 'There is no such page of stories.'}</p>
      ) : (
        <ol class="stories" start={(props.page - 1) * props.perPage + 1}>
          {props.items.map((s) => (
            <li lang={s.lang}>
              <a href={`/stories/${s.id}`} dir="auto">{s.title}</a>
              <span class="d" lang="en">
                first <DateText ymd={s.firstPublished} />
                {s.lastPublished !== s.firstPublished ? (
                  <>
                    , last <DateText ymd={s.lastPublished} />
                  </>
                ) : null}{' '}
                · {s.copies} copies · {s.sources.map((x) => x.name).join(', ')} · {s.languages.map((l) => LANG_NAME[l] ?? l).join(', ')}
              </span>
            </li>
          ))}
        </ol>
      )}
      <Pager page={props.page} pages={props.pages} href={(p) => `/stories?page=${p}`} />
    </Layout>
  );
}
