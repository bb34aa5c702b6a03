import type { RemovedRow } from '../../store/crawl-store.js';
import { instantText } from '../crawl-format.js';
import { DateText, Layout } from '../layout.js';

export function RemovedPage({ items }: { items: RemovedRow[] }) {
  return (
    <Layout title="Removed from the source" feed={{ title: 'Removed from the source', path: '/feeds/events', query: { type: 'removed' } }}>
      <h1>Removed from the source</h1>
      <p class="lede">
        Articles the outlets stopped serving (a 404 or 410, a redirect to the home page, or a block page, confirmed by a second check). The archive keeps the last copy it captured.{' '}
        <a href="/api/events?type=removed">JSON</a>
      </p>
      {items.length === 0 ? <p>No removals seen yet.</p> : null}
      <ul class="list">
        {items.map((r) => (
          <li lang={r.lang}>
            <a href={`/articles/${r.id}`} dir="auto">{r.title}</a>
            <span class="d" lang="en">
              {r.sourceName} · published <DateText ymd={r.published} /> · removed {instantText(r.removedAt)}
              {r.lastCapturedAt ? ` · copy of ${instantText(r.lastCapturedAt)}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
