import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../test/helpers.js';
import { newWebhookSecret } from './saved-searches.js';

/** The signature checks docs/alerts.md gives readers, run as written against a signed alert. */
const docs = readFileSync(join(ROOT, 'docs', 'alerts.md'), 'utf8');
const block = (lang: string) => {
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(docs.slice(docs.indexOf('### Webhooks')));
  if (!m) throw new Error(`no ${lang} example under Webhooks in docs/alerts.md`);
  return m[1];
};

function signed(secret: string) {
  const body = JSON.stringify({ type: 'article.new', article: { id: 7, title: '김정은 동지 Kim Jong Un' } });
  const id = 'msg_wirewatch_7';
  const at = new Date();
  return { body, headers: { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign(id, at, body) } };
}

describe('the signature checks in docs/alerts.md', () => {
  it('Python (standard library): accepts a signed alert, refuses a changed body', () => {
    const secret = newWebhookSecret();
    const { body, headers } = signed(secret);
    const run = (payload: string) =>
      spawnSync('/usr/bin/python3', ['-c', `${block('python')}\nimport json, sys\nh = json.loads(sys.argv[1])\nprint(verify(sys.argv[2], h, sys.stdin.buffer.read()))`, JSON.stringify(headers), secret], { input: payload });
    const ok = run(body);
    expect(ok.stderr.toString()).toBe('');
    expect(ok.stdout.toString().trim()).toBe('True');
    expect(run(body.replace('7', '8')).stdout.toString().trim()).toBe('False');
  });

  it('Node (node:crypto): accepts a signed alert, refuses a changed body', async () => {
    const secret = newWebhookSecret();
    const { body, headers } = signed(secret);
    const source = `${block('js')}\nexport { verify };`;
    const mod = (await import(`data:text/javascript,${encodeURIComponent(source)}`)) as { verify: (s: string, h: Record<string, string>, b: string) => boolean };
    expect(mod.verify(secret, headers, body)).toBe(true);
    expect(mod.verify(secret, headers, body.replace('7', '8'))).toBe(false);
  });
});
