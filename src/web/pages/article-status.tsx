import type { Article } from '../../store/store.js';
import { instantText } from '../crawl-format.js';

/** The removal banner and the edit count, shown above an article's text. */
export function ArticleStatus({ article: a }: { article: Article }) {
  const edits = a.versions - 1;
  return (
    <>
      {a.status === 'removed' ? (
        <p class="note removed" role="status">
          <strong>Removed from the source</strong> on {a.removedAt ? instantText(a.removedAt) : 'an unknown date'}; this is the copy captured on {instantText(a.lastSeen)}.
        </p>
      ) : null}
      {a.status === 'restored' ? <p class="note">This article was removed from the source for a while and later restored. <a href={`/articles/${a.id}/versions`}>History</a></p> : null}
      {edits > 0 ? (
        <p class="meta edited">
          <a href={`/articles/${a.id}/versions`}>
            Edited {edits} {edits === 1 ? 'time' : 'times'}: compare versions
          </a>
        </p>
      ) : null}
    </>
  );
}
