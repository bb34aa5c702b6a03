import { postWebhook } from './webhook-post.js';
import nodemailer from 'nodemailer';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { SavedSearch } from './saved-searches.js';

export interface PingResult {
  channel: 'webhook' | 'email';
  ok: boolean;
  detail: string;
}

/** Sends a test message on each of a saved search's channels (`wirewatch watch test`), outside the outbox. */
export async function pingSavedSearch(s: SavedSearch, smtpUrl = process.env.SMTP_URL): Promise<PingResult[]> {
  const results: PingResult[] = [];
  const payload = { type: 'test', timestamp: new Date().toISOString(), savedSearch: { id: s.id, name: s.name, query: s.query } };
  if (s.webhook && s.secret) {
    const id = `msg_wirewatch_test_${randomUUID()}`;
    const at = new Date();
    const body = JSON.stringify(payload);
    try {
      const res = await postWebhook(s.webhook, {
        body,
        timeoutMs: 15_000,
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': new Webhook(s.secret).sign(id, at, body),
        },
      });
      const ok = res.status >= 200 && res.status < 300;
      results.push({ channel: 'webhook', ok, detail: `HTTP ${res.status}` });
    } catch (e) {
      results.push({ channel: 'webhook', ok: false, detail: (e as Error).cause ? String((e as Error).cause) : (e as Error).message });
    }
  }
  if (s.email) {
    if (!smtpUrl) results.push({ channel: 'email', ok: false, detail: 'SMTP_URL is not set' });
    else {
      const mailer = nodemailer.createTransport(smtpUrl);
      try {
        await mailer.sendMail({
          from: process.env.SMTP_FROM ?? 'wirewatch <wirewatch@localhost>',
          to: s.email,
          subject: `[wirewatch] ${s.name}: test`,
          text: `A test of the alerts of the saved search "${s.name}" (${s.query}).`,
        });
        results.push({ channel: 'email', ok: true, detail: `sent to ${s.email}` });
      } catch (e) {
        results.push({ channel: 'email', ok: false, detail: (e as Error).message });
      } finally {
        mailer.close();
      }
    }
  }
  return results;
}
