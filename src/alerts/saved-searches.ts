import { webhookAddressProblem } from './webhook-post.js';
import type { Kysely, Selectable } from 'kysely';
import { randomBytes } from 'node:crypto';
import { planQuery } from '../search/query/plan.js';
import type { AlertTables } from './tables.js';

export const ALERT_KINDS = ['new', 'edited', 'removed', 'restored', 'image-edited', 'image-replaced', 'image-removed'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
/** Each kind's option in `notify`, as the API, the CLI's JSON and the forms name it. */
export const NOTIFY_KEY = {
  new: 'new',
  edited: 'edited',
  removed: 'removed',
  restored: 'restored',
  'image-edited': 'imageEdited',
  'image-replaced': 'imageReplaced',
  'image-removed': 'imageRemoved',
} as const satisfies Record<AlertKind, string>;
export type NotifyKey = (typeof NOTIFY_KEY)[AlertKind];
export const NOTIFY_KEYS: readonly NotifyKey[] = ALERT_KINDS.map((k) => NOTIFY_KEY[k]);
export type Notify = Record<NotifyKey, boolean>;
/** The saved_searches column holding a kind's option. */
export type NotifyColumn = `notify_${'new' | 'edited' | 'removed' | 'restored' | 'image_edited' | 'image_replaced' | 'image_removed'}`;
export const notifyColumn = (kind: AlertKind) => `notify_${kind.replace('-', '_')}` as NotifyColumn;
export type EmailMode = 'immediate' | 'digest';

export interface SavedSearch {
  id: number;
  /** The user who made it; null: the installation's (made on the CLI). */
  ownerUserId: number | null;
  name: string;
  query: string;
  notify: Notify;
  webhook: string | null;
  /** Standard Webhooks signing secret, `whsec_…`. */
  secret: string | null;
  email: string | null;
  emailMode: EmailMode;
  feedToken: string;
  createdAt: string;
  /** The first failure since the receiver last answered 2xx. */
  webhookFailingSince: string | null;
  /** Deliveries to the webhook are held (it kept failing); saving the search again resumes them. */
  webhookPausedAt: string | null;
}

export interface SavedSearchInput {
  name: string;
  query: string;
  notify?: Partial<Notify>;
  webhook?: string | null;
  email?: string | null;
  emailMode?: EmailMode;
}

/** A saved search that cannot be stored as given (maps to HTTP 400). */
export class SavedSearchError extends Error {}

/** A row of saved_searches as stored. */
export type SavedSearchRow = Selectable<AlertTables['saved_searches']>;

const fromRow = (r: SavedSearchRow): SavedSearch => ({
  id: r.id,
  ownerUserId: r.owner_user_id,
  name: r.name,
  query: r.query,
  notify: Object.fromEntries(ALERT_KINDS.map((k) => [NOTIFY_KEY[k], !!r[notifyColumn(k)]])) as Notify,
  webhook: r.webhook_url,
  secret: r.webhook_secret,
  email: r.email,
  emailMode: r.email_mode,
  feedToken: r.feed_token,
  createdAt: r.created_at,
  webhookFailingSince: r.webhook_failing_since,
  webhookPausedAt: r.webhook_paused_at,
});

/** The options as stored, one column per kind. */
const notifyColumns = (n: Notify) => Object.fromEntries(ALERT_KINDS.map((k) => [notifyColumn(k), +n[NOTIFY_KEY[k]]])) as Record<NotifyColumn, number>;

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** Checks a saved search's fields; the query must parse (a broken one would never match). */
export function validate(input: Partial<SavedSearchInput>, partial = false): void {
  if (!partial || input.name !== undefined) {
    if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 200) throw new SavedSearchError('name: 1 to 200 characters');
  }
  if (!partial || input.query !== undefined) {
    if (typeof input.query !== 'string' || !input.query.trim()) throw new SavedSearchError('query: give a search query');
    try {
      planQuery(input.query);
    } catch (e) {
      throw new SavedSearchError(`query: ${(e as Error).message}`);
    }
  }
  if (input.webhook != null) {
    const problem = webhookAddressProblem(input.webhook);
    if (problem) throw new SavedSearchError(`webhook: ${problem}`);
  }
  if (input.email != null && !/^[^\s@<>]+@[^\s@<>]+$/.test(input.email)) throw new SavedSearchError('email: not an address');
  if (input.emailMode !== undefined && input.emailMode !== 'immediate' && input.emailMode !== 'digest') throw new SavedSearchError('emailMode: immediate or digest');
  if (input.notify !== undefined) {
    if (typeof input.notify !== 'object' || input.notify === null) throw new SavedSearchError(`notify: {${NOTIFY_KEYS.join(', ')}}`);
    for (const [k, v] of Object.entries(input.notify)) {
      if (!(NOTIFY_KEYS as readonly string[]).includes(k) || typeof v !== 'boolean') throw new SavedSearchError(`notify.${k}: not a boolean alert kind`);
    }
  }
}

/** The saved searches of an archive, on either backend (the same SQL through Kysely). */
export class SavedSearches {
  private readonly db: Kysely<AlertTables>;

  constructor(db: Kysely<any>) {
    this.db = db as Kysely<AlertTables>;
  }

  async create(input: SavedSearchInput, ownerUserId: number | null): Promise<SavedSearch> {
    validate(input);
    const n: Notify = { ...(Object.fromEntries(NOTIFY_KEYS.map((k) => [k, true])) as Notify), ...input.notify };
    const { id } = await this.db
      .insertInto('saved_searches')
      .values({
        owner_user_id: ownerUserId,
        name: input.name.trim(),
        query: input.query,
        ...notifyColumns(n),
        webhook_url: input.webhook ?? null,
        webhook_secret: input.webhook ? newWebhookSecret() : null,
        email: input.email ?? null,
        email_mode: input.emailMode ?? 'immediate',
        feed_token: randomBytes(24).toString('base64url'),
        created_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return (await this.get(id))!;
  }

  async get(id: number): Promise<SavedSearch | null> {
    const r = await this.db.selectFrom('saved_searches').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? fromRow(r) : null;
  }

  /** Every saved search (owner undefined), or one owner's (null: the installation's), by id. */
  async list(owner?: number | null, page?: { afterId?: number; limit: number }): Promise<SavedSearch[]> {
    let q = this.db.selectFrom('saved_searches').selectAll().orderBy('id');
    if (owner === null) q = q.where('owner_user_id', 'is', null);
    else if (owner !== undefined) q = q.where('owner_user_id', '=', owner);
    // `page`: the next `limit` after a saved search (by id), for the API's cursor.
    if (page?.afterId !== undefined) q = q.where('id', '>', page.afterId);
    if (page) q = q.limit(page.limit);
    return (await q.execute()).map(fromRow);
  }

  /** Changes the given fields; a new webhook URL gets a new secret, and saving resumes a paused webhook. */
  async update(id: number, patch: Partial<SavedSearchInput>): Promise<SavedSearch | null> {
    validate(patch, true);
    const cur = await this.get(id);
    if (!cur) return null;
    const n = { ...cur.notify, ...patch.notify };
    const webhook = patch.webhook === undefined ? cur.webhook : patch.webhook;
    const secret = !webhook ? null : webhook === cur.webhook && cur.secret ? cur.secret : newWebhookSecret();
    await this.db
      .updateTable('saved_searches')
      .set({
        name: patch.name?.trim() ?? cur.name,
        query: patch.query ?? cur.query,
        ...notifyColumns(n),
        webhook_url: webhook,
        webhook_secret: secret,
        email: patch.email === undefined ? cur.email : patch.email,
        email_mode: patch.emailMode ?? cur.emailMode,
        webhook_failing_since: null,
        webhook_paused_at: null,
      })
      .where('id', '=', id)
      .execute();
    return this.get(id);
  }

  async remove(id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('saved_searches').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
