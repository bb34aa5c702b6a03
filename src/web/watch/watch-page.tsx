import type { DeliveryLogRow } from '../../alerts/json.js';
import type { RecentMatch } from '../../alerts/recent-matches.js';
import { NOTIFY_KEYS, type SavedSearch } from '../../alerts/saved-searches.js';
import { Layout } from '../layout.js';
import { CsrfField } from '../session-ui.js';
import { KIND_LABEL, WatchForm, type WatchDraft } from './watch-form.js';

/** One saved search as the page shows it: its owner's name (admins see every one), latest matches and deliveries. */
export interface WatchItem {
  search: SavedSearch;
  /** Shown to admins: the owner's name, or null for the installation's (made on the CLI). */
  owner?: string | null;
  matches: RecentMatch[];
  deliveries: DeliveryLogRow[];
  feed: { atom: string; rss: string; json: string };
}

export interface WatchPageProps {
  items: WatchItem[];
  /** An admin: every user's saved searches, with their owners. */
  all: boolean;
  /** Editors and admins may save, delete and resume; readers only look. */
  canEdit: boolean;
  notice?: string;
  error?: string;
  draft?: WatchDraft;
  /** The webhook secret of a search just saved: shown this once. */
  secret?: { name: string; secret: string };
}

const when = (iso: string) => (
  <time datetime={iso}>
    {iso.slice(0, 16).replace('T', ' ')}
    {' UTC'}
  </time>
);

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function Channels(props: { s: SavedSearch }) {
  const { s } = props;
  if (!s.webhook && !s.email) return <>this feed only</>;
  return (
    <>
      {s.webhook ? (
        <span>
          webhook to <code>{hostOf(s.webhook)}</code>
        </span>
      ) : null}
      {s.email ? <span>email to {s.email} ({s.emailMode === 'digest' ? 'a daily digest' : 'each alert'})</span> : null}
    </>
  );
}

/** A webhook that keeps failing is paused; saving the search again (here: Resume) sends what waited. */
function WebhookState(props: { s: SavedSearch; canEdit: boolean }) {
  const { s } = props;
  if (s.webhookPausedAt) {
    return (
      <div class="note watch-state">
        <strong>Webhook paused</strong> since {when(s.webhookPausedAt)}
        {s.webhookFailingSince ? <> (failing since {when(s.webhookFailingSince)})</> : null}: its alerts wait until it is resumed.
        {props.canEdit ? (
          <form method="post" action={`/watch/${s.id}/resume`}>
            <CsrfField />
            <button type="submit" aria-label={`Resume the webhook of ${s.name}`}>
              Resume webhook
            </button>
          </form>
        ) : null}
      </div>
    );
  }
  if (s.webhookFailingSince) {
    return (
      <p class="note watch-state">
        <strong>Webhook failing</strong> since {when(s.webhookFailingSince)}: alerts are retried, and the webhook is paused if it keeps failing.
      </p>
    );
  }
  return null;
}

function Matches(props: { matches: RecentMatch[] }) {
  if (!props.matches.length) return <p class="hint">No matches yet: alerts start with the next article this search finds.</p>;
  return (
    <ul class="list watch-list">
      {props.matches.map((m) => (
        <li>
          {m.title === null ? <span>Article {m.articleId} (no longer stored)</span> : <a href={`/articles/${m.articleId}`} dir="auto">{m.title}</a>}
          <span class="d">
            {m.kind} · {when(m.createdAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function DeliveryState(props: { d: DeliveryLogRow }) {
  const { d } = props;
  if (d.deliveredAt) return <>delivered {when(d.deliveredAt)}</>;
  if (d.attempts === 0) return <>waiting, first attempt {when(d.nextAttemptAt)}</>;
  return (
    <>
      <strong>failed</strong>
      {d.lastStatus ? ` (HTTP ${d.lastStatus})` : ''}
      {d.lastError ? `: ${d.lastError}` : ''} · {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'} · next {when(d.nextAttemptAt)}
    </>
  );
}

function Deliveries(props: { deliveries: DeliveryLogRow[] }) {
  return (
    <ul class="list watch-list">
      {props.deliveries.map((d) => (
        <li class={!d.deliveredAt && d.attempts > 0 ? 'failed' : undefined}>
          <span>
            {d.channel}: {d.kind} · {d.title ?? `article ${d.articleId}`}
          </span>
          <span class="d">
            <DeliveryState d={d} />
          </span>
        </li>
      ))}
    </ul>
  );
}

function SavedSearchCard(props: { item: WatchItem; all: boolean; canEdit: boolean }) {
  const { search: s, matches, deliveries, feed } = props.item;
  const on = NOTIFY_KEYS.filter((k) => s.notify[k]).map((k) => KIND_LABEL[k]);
  return (
    <section class="watch" aria-labelledby={`watch-${s.id}`}>
      <h3 id={`watch-${s.id}`} dir="auto">
        {s.name}
      </h3>
      <dl class="watch-facts">
        <dt>Query</dt>
        <dd>
          <a href={`/search?${new URLSearchParams({ q: s.query })}`} dir="auto">
            <code>{s.query}</code>
          </a>
        </dd>
        {props.all ? (
          <>
            <dt>Owner</dt>
            <dd>{props.item.owner ?? 'the installation (CLI)'}</dd>
          </>
        ) : null}
        <dt>Alerts on</dt>
        <dd>{on.length ? on.join(', ') : 'nothing (the feed lists every match)'}</dd>
        <dt>Sent to</dt>
        <dd class="channels">
          <Channels s={s} />
        </dd>
        <dt>Feed</dt>
        <dd>
          <a href={feed.atom} type="application/atom+xml">
            Atom
          </a>{' '}
          · <a href={feed.rss} type="application/rss+xml">RSS</a> · <a href={feed.json} type="application/feed+json">JSON</a>{' '}
          <span class="hint">(these links carry the feed's key: a feed reader needs no sign-in)</span>
        </dd>
      </dl>
      <WebhookState s={s} canEdit={props.canEdit} />
      <h4>Latest matches</h4>
      <Matches matches={matches} />
      {deliveries.length ? (
        <>
          <h4>Deliveries</h4>
          <Deliveries deliveries={deliveries} />
        </>
      ) : null}
      {props.canEdit ? (
        // Behind a disclosure: one stray click must not delete a search.
        <details class="remove">
          <summary>Delete…</summary>
          <form method="post" action={`/watch/${s.id}/delete`}>
            <CsrfField />
            <button type="submit">Delete “{s.name}”</button>
          </form>
        </details>
      ) : null}
    </section>
  );
}

/** /watch: the signed-in user's saved searches (an admin's: everyone's), their alerts, and a form to save one. */
export function WatchPage(props: WatchPageProps) {
  return (
    <Layout title="Saved searches">
      <h1>Saved searches</h1>
      <p class="meta">
        A saved search sends an alert when an article it matches is published, edited, removed or restored: by webhook, by email, or
        through its own feed.
      </p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.secret ? (
        <div class="notice watch-secret" role="status">
          <strong>Webhook secret of “{props.secret.name}”, shown this once:</strong> <code>{props.secret.secret}</code>
          <br />
          Receivers verify each alert's <code>webhook-signature</code> header with it (docs/alerts.md).
        </div>
      ) : null}
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      <h2>{props.all ? 'Every saved search' : 'Your saved searches'}</h2>
      {props.items.length ? (
        props.items.map((item) => <SavedSearchCard item={item} all={props.all} canEdit={props.canEdit} />)
      ) : (
        <p>No saved searches yet. Search, then “Save this search” under the box; or save one below.</p>
      )}
      <h2>Save a search</h2>
      {props.canEdit ? <WatchForm draft={props.draft} /> : <p>Readers may look but not save searches: an admin can make you an editor.</p>}
    </Layout>
  );
}
