import { NOTIFY_KEYS, type Notify, type NotifyKey, type SavedSearchInput } from '../../alerts/saved-searches.js';
import { LEVEL } from '../../store/accounts.js';
import { CsrfField, currentAuth } from '../session-ui.js';

/** The create form as it was sent: shown again after a refusal. */
export interface WatchDraft {
  name: string;
  query: string;
  notify: Notify;
  webhook: string;
  email: string;
  digest: boolean;
}

/** Each option's label, after "Alert me about articles that are" (an image kind: its photo). */
export const KIND_LABEL: Record<NotifyKey, string> = {
  new: 'new',
  edited: 'edited',
  removed: 'removed',
  restored: 'restored',
  imageEdited: 'with a photo edited',
  imageReplaced: 'with a photo replaced',
  imageRemoved: 'with a photo removed',
};

/**
 * Reads the create form (here and on the search page). Every form that posts here sends every
 * checkbox's name when ticked, so a missing one means "no".
 */
export function draftFromForm(form: Record<string, unknown>): WatchDraft {
  const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
  return {
    name: text('name'),
    query: text('query'),
    notify: Object.fromEntries(NOTIFY_KEYS.map((k) => [k, form[`notify_${k}`] !== undefined])) as Notify,
    webhook: text('webhook'),
    email: text('email'),
    digest: form.digest !== undefined,
  };
}

export function inputOfDraft(d: WatchDraft): SavedSearchInput {
  return { name: d.name, query: d.query, notify: d.notify, webhook: d.webhook || null, email: d.email || null, emailMode: d.digest ? 'digest' : 'immediate' };
}

function NotifyBoxes(props: { idPrefix: string; notify?: Notify }) {
  return (
    <fieldset class="watch-kinds">
      <legend>Alert me about articles that are</legend>
      {NOTIFY_KEYS.map((k) => (
        <label for={`${props.idPrefix}-${k}`}>
          <input id={`${props.idPrefix}-${k}`} type="checkbox" name={`notify_${k}`} value="1" checked={props.notify ? props.notify[k] : true} /> {KIND_LABEL[k]}
        </label>
      ))}
    </fieldset>
  );
}

/** /watch's form: a search with its alerts and where they go. */
export function WatchForm(props: { draft?: WatchDraft }) {
  const d = props.draft;
  return (
    <form method="post" action="/watch" class="watch-new">
      <CsrfField />
      <p>
        <label for="watch-name">Name</label>
        <br />
        <input id="watch-name" name="name" type="text" required maxlength={200} value={d?.name ?? ''} />
      </p>
      <p>
        <label for="watch-query">Query</label> <small>(the search page's language)</small>
        <br />
        <input id="watch-query" name="query" type="text" required value={d?.query ?? ''} />
      </p>
      <NotifyBoxes idPrefix="watch-notify" notify={d?.notify} />
      <p>
        <label for="watch-webhook">Webhook URL</label> <small>(optional; signed, see docs/alerts.md)</small>
        <br />
        <input id="watch-webhook" name="webhook" type="url" placeholder="https://" value={d?.webhook ?? ''} />
      </p>
      <p>
        <label for="watch-email">Email</label> <small>(optional)</small>
        <br />
        <input id="watch-email" name="email" type="email" value={d?.email ?? ''} />
      </p>
      <p>
        <label for="watch-digest">
          <input id="watch-digest" type="checkbox" name="digest" value="1" checked={d?.digest ?? false} /> one email a day (digest) instead of each alert
        </label>
      </p>
      <p>
        <button type="submit">Save search</button>
      </p>
    </form>
  );
}

/**
 * Under a search's results: for an editor, a form that saves it (its feed, and alerts on the kinds
 * ticked) and leads to /watch; for anyone else, how to get there. `here`: this page, to come back to.
 */
export function SaveThisSearch(props: { query: string; here: string }) {
  const auth = currentAuth();
  if (!auth) {
    return (
      <p class="save-search">
        <a href={`/login?${new URLSearchParams({ next: props.here })}`}>Sign in</a> to save this search and be alerted.
      </p>
    );
  }
  if (auth.level < LEVEL.editor) return <p class="save-search hint">Saving searches needs the editor role.</p>;
  return (
    <details class="save-search">
      <summary>Save this search</summary>
      <form method="post" action="/watch" class="watch-new">
        <CsrfField />
        <input type="hidden" name="query" value={props.query} />
        <p>
          <label for="save-name">Name</label>
          <br />
          <input id="save-name" name="name" type="text" required maxlength={200} value={props.query.slice(0, 200)} />
        </p>
        <NotifyBoxes idPrefix="save-notify" />
        <p>
          <button type="submit">Save search</button> <small>Webhooks and email: on <a href="/watch">Saved searches</a>.</small>
        </p>
      </form>
    </details>
  );
}
