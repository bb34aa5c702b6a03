import type { ArticleSummary } from '../../store/store.js';
import { DateText } from '../layout.js';

/** A list of articles with title and date, each shown once; the current one is marked, not linked. */
export function ArticleList(props: { items: ArticleSummary[]; currentId?: number; showSource?: boolean }) {
  return (
    <ul class="list">
      {props.items.map((a) => (
        <li class={a.id === props.currentId ? 'current' : undefined} lang={a.lang}>
          {a.id === props.currentId ? <span dir="auto">{a.title}</span> : <a href={`/articles/${a.id}`} dir="auto">{a.title}</a>}
          {a.status === 'removed' ? <span class="badge warn">removed</span> : null}
          <span class="d" lang="en">
            <DateText ymd={a.published} />
            {props.showSource ? ` · ${a.sourceName}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function Pager(props: { page: number; pages: number; href: (page: number) => string; newerLabel?: string; olderLabel?: string }) {
  if (props.pages <= 1) return null;
  return (
    <nav class="pager" aria-label="pages">
      {props.page > 1 ? <a href={props.href(props.page - 1)} rel="prev">← {props.newerLabel ?? 'Newer'}</a> : <span />}
      <span>
        Page {props.page} of {props.pages}
      </span>
      {props.page < props.pages ? <a href={props.href(props.page + 1)} rel="next">{props.olderLabel ?? 'Older'} →</a> : <span />}
    </nav>
  );
}
