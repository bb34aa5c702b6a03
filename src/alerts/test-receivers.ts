// Test helpers: a local webhook receiver and a local SMTP server that record what they are sent.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';

export interface ReceivedHook {
  id: string;
  timestamp: string;
  body: string;
  payload: Record<string, any>;
  /** Verified with the standardwebhooks package. */
  verifiedByPackage: boolean;
  /** Verified by hand with node:crypto (HMAC-SHA256 of `id.timestamp.body` with the base64 key after `whsec_`). */
  verifiedByHand: boolean;
}

export function verifyByHand(secret: string, id: string, timestamp: string, body: string, signatureHeader: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatureHeader.split(' ').some((s) => {
    const [version, sig] = s.split(',');
    const given = Buffer.from(sig ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** Answers `status(n)` to the n-th request (0-based); records every request it answered 2xx. */
export async function webhookReceiver(secret: () => string, status: (n: number) => number = () => 200) {
  const accepted: ReceivedHook[] = [];
  let requests = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const h = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
      let verifiedByPackage = true;
      try {
        new Webhook(secret()).verify(body, h);
      } catch {
        verifiedByPackage = false;
      }
      const code = status(requests++);
      if (code >= 200 && code < 300) {
        accepted.push({
          id: h['webhook-id'],
          timestamp: h['webhook-timestamp'],
          body,
          payload: JSON.parse(body),
          verifiedByPackage,
          verifiedByHand: verifyByHand(secret(), h['webhook-id'], h['webhook-timestamp'], body, h['webhook-signature']),
        });
      }
      res.writeHead(code).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, accepted, requests: () => requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export async function smtpReceiver() {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}
