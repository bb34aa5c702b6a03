import { postWebhook } from './webhook-post.js';
import { sql } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import { Webhook } from 'standardwebhooks';
import type { Store } from '../store/store.js';
import type { Alerts, Settlement } from './alerts.js';
import { alertsOf } from './attach.js';
import { nextDigestAt } from './record.js';
import { alertPayload, alertSubject, alertText, type AlertPayload, type OutboxRow } from './payload.js';

/** First retry after 30 s, doubling, at most an hour apart: a receiver down for a day gets ~30 tries. */
export const RETRY_BASE_MS = 30_000;
export const RETRY_MAX_MS = 3_600_000;
/** A webhook failing without a success for this long is paused (shown on /watch; saving the search resumes it). */
export const PAUSE_AFTER_MS = 24 * 3_600_000;
const WEBHOOK_TIMEOUT_MS = 15_000;
const ROUND = 200;

export const retryDelayMs = (attempts: number) => Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
/** The webhook-id of an alert: the same on every retry, so a receiver can drop a repeat. */
export const webhookId = (outboxId: number) => `msg_wirewatch_${outboxId}`;

export interface DeliveryOptions {
  now?: () => Date;
  /** SMTP server URL for email (default $SMTP_URL); without it emails wait. */
  smtpUrl?: string | null;
  from?: string;
  baseUrl?: string | null;
  log?: (line: string) => void;
}

interface Due extends OutboxRow {
  deliveryId: number;
  channel: 'webhook' | 'email';
  attempts: number;
  webhook: string | null;
  secret: string | null;
  email: string | null;
  emailMode: 'immediate' | 'digest';
  failingSince: string | null;
}

export interface RoundResult {
  sent: number;
  failed: number;
}

/**
 * Sends what the outbox holds: webhooks (Standard Webhooks) and email (SMTP), with retries. Any number
 * of processes may deliver from one PostgreSQL archive: each attempt claims its deliveries first.
 */
export class AlertDelivery {
  private readonly alerts: Alerts;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;
  private mailer: Transporter | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    store: Store,
    private readonly opts: DeliveryOptions = {},
  ) {
    this.alerts = alertsOf(store);
    this.now = opts.now ?? (() => new Date());
    this.log = opts.log ?? ((l) => process.stderr.write(`${l}\n`));
    const smtp = opts.smtpUrl === undefined ? process.env.SMTP_URL : opts.smtpUrl;
    if (smtp) this.mailer = nodemailer.createTransport(smtp);
  }

  /** Matches any change still unmatched (written by a process without alerts), then sends everything due, until nothing due is left. */
  async runOnce(): Promise<RoundResult> {
    await this.alerts.recorder.recordPending(this.now());
    const total = { sent: 0, failed: 0 };
    for (;;) {
      const r = await this.round();
      total.sent += r.sent;
      total.failed += r.failed;
      if (r.sent === 0) return total;
    }
  }

  /**
   * Delivers until stopped: at once when a write in this process recorded alerts, else every
   * `intervalMs` (alerts another process recorded: an import, a crawl run from the command line).
   */
  async runForever(intervalMs = 1_000): Promise<void> {
    let woken = false;
    const wakeUp = () => {
      woken = true;
      this.wake?.();
    };
    this.alerts.recorder.onRecorded.add(wakeUp);
    while (!this.stopped) {
      woken = false;
      try {
        await this.runOnce();
      } catch (e) {
        this.log(`alerts: delivery round failed: ${(e as Error).message}`);
      }
      if (this.stopped) break;
      // Alerts recorded while this round ran go out now, not after the interval.
      if (woken) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, intervalMs);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
    this.mailer?.close();
  }

  private async due(): Promise<Due[]> {
    const { rows } = await sql<Due>`SELECT d.id AS "deliveryId", d.channel, d.attempts, o.id AS "outboxId", o.saved_search_id AS "savedSearchId", o.kind,
        o.article_id AS "articleId", o.event_id AS "eventId", o.created_at AS "createdAt", s.name, s.query, s.webhook_url AS webhook,
        s.webhook_secret AS secret, s.email, s.email_mode AS "emailMode", s.webhook_failing_since AS "failingSince"
      FROM alert_deliveries d JOIN alert_outbox o ON o.id = d.outbox_id JOIN saved_searches s ON s.id = o.saved_search_id
      WHERE d.delivered_at IS NULL AND d.next_attempt_at <= ${this.now().toISOString()} AND NOT (d.channel = 'webhook' AND s.webhook_paused_at IS NOT NULL)
      ORDER BY d.id LIMIT ${ROUND}`.execute(this.alerts.db);
    return rows;
  }

  private async round(): Promise<RoundResult> {
    const result = { sent: 0, failed: 0 };
    // One failing receiver holds back its search's later alerts this round (order kept, no hammering).
    const blocked = new Set<string>();
    const digests = new Map<number, Due[]>();
    for (const d of await this.due()) {
      const key = `${d.channel}:${d.savedSearchId}`;
      if (blocked.has(key)) continue;
      if (d.channel === 'email' && d.emailMode === 'digest') {
        digests.set(d.savedSearchId, [...(digests.get(d.savedSearchId) ?? []), d]);
        continue;
      }
      const done = await this.attempt([d], ([one]) => (one.channel === 'webhook' ? this.sendWebhook(one) : this.sendEmails([one])));
      if (!done) continue;
      if (done.ok) result.sent++;
      else {
        result.failed++;
        blocked.add(key);
      }
    }
    for (const group of digests.values()) {
      const done = await this.attempt(group, (claimed) => this.sendEmails(claimed));
      if (!done) continue;
      if (done.ok) result.sent += done.deliveries.length;
      else result.failed += done.deliveries.length;
    }
    return result;
  }

  /** Sends the deliveries of `group` this process could claim (another may be sending the rest); null when none. */
  private async attempt(group: Due[], send: (claimed: Due[]) => Promise<Settlement>): Promise<Settlement | null> {
    const byId = new Map(group.map((d) => [d.deliveryId, d]));
    const settled = await this.alerts.claims.attempt([...byId.keys()], this.now().toISOString(), (ids) => send(ids.map((id) => byId.get(id)!)));
    if (settled && !settled.ok) this.log(`alerts: ${group[0].channel} for saved search ${group[0].savedSearchId} failed: ${settled.error}`);
    if (settled?.webhook?.pause) this.log(`alerts: webhook of saved search ${settled.webhook.savedSearchId} paused: failing since ${group[0].failingSince} (${settled.error})`);
    return settled;
  }

  private async sendWebhook(d: Due): Promise<Settlement> {
    if (!d.webhook || !d.secret) return this.settle([d], true, null, 'the saved search has no webhook any more');
    const body = JSON.stringify(await this.payload(d));
    const at = this.now();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'wirewatch-alerts',
      'webhook-id': webhookId(d.outboxId),
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(d.secret).sign(webhookId(d.outboxId), at, body),
    };
    try {
      const res = await postWebhook(d.webhook, { headers, body, timeoutMs: WEBHOOK_TIMEOUT_MS });
      const ok = res.status >= 200 && res.status < 300;
      return this.settle([d], ok, res.status, ok ? null : `HTTP ${res.status}`);
    } catch (e) {
      return this.settle([d], false, null, (e as Error).cause ? String((e as Error).cause) : (e as Error).message);
    }
  }

  private async sendEmails(group: Due[]): Promise<Settlement> {
    const first = group[0];
    if (!first.email) return this.settle(group, true, null, 'the saved search has no email any more');
    if (!this.mailer) return this.settle(group, false, null, 'SMTP_URL is not set');
    const payloads = await Promise.all(group.map((d) => this.payload(d)));
    const subject =
      group.length === 1 && first.emailMode === 'immediate'
        ? alertSubject(payloads[0])
        : `[wirewatch] ${first.name}: ${group.length} alert${group.length === 1 ? '' : 's'} today`;
    const text = [`Saved search "${first.name}" (${first.query})`, ...payloads.map(alertText)].join('\n\n');
    try {
      await this.mailer.sendMail({
        from: this.opts.from ?? process.env.SMTP_FROM ?? 'wirewatch <wirewatch@localhost>',
        to: first.email,
        subject,
        text,
        headers: { 'X-Wirewatch-Alert': group.map((d) => webhookId(d.outboxId)).join(' ') },
      });
      return this.settle(group, true, 250, null);
    } catch (e) {
      return this.settle(group, false, null, (e as Error).message);
    }
  }

  private payload(d: Due): Promise<AlertPayload> {
    return alertPayload(this.alerts.db, d, this.opts.baseUrl === undefined ? undefined : this.opts.baseUrl);
  }

  /** What an attempt did: delivered, or the next try after a backoff (a digest waits for the next digest). */
  private settle(group: Due[], ok: boolean, status: number | null, error: string | null): Settlement {
    const now = this.now();
    const stamp = now.toISOString();
    const deliveries = group.map((d) => ({
      id: d.deliveryId,
      next: ok ? stamp : d.channel === 'email' && d.emailMode === 'digest' && d.attempts >= 3 ? nextDigestAt(now) : new Date(now.getTime() + retryDelayMs(d.attempts + 1)).toISOString(),
    }));
    const first = group[0];
    const since = first.failingSince;
    const webhook = first.channel === 'webhook' ? { savedSearchId: first.savedSearchId, pause: !ok && !!since && now.getTime() - Date.parse(since) >= PAUSE_AFTER_MS } : null;
    return { ok, stamp, status, error, deliveries, webhook };
  }
}
