import type { QueueStatus } from '../../queue/crawl-queue.js';
import { ago } from '../crawl-format.js';

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

/**
 * The crawl queue on /health: how much waits, what failed, which workers are alive. Counts only: job
 * errors, worker machines and the JSON are for admins at /api/admin/queue.
 */
export function QueueSection({ q }: { q: QueueStatus }) {
  if (q.kind === 'in-process') {
    return (
      <section aria-label="Crawl queue">
        <h2>Crawl queue</h2>
        <p class="meta">
          The crawler runs inside <code>wirewatch start</code> (this archive is SQLite): {q.waiting.fetch ?? 0} URLs wait for a first capture.
        </p>
      </section>
    );
  }
  const alive = q.workers.filter((w) => w.alive);
  const latestBeat = q.workers.map((w) => w.seenAt).sort().at(-1) ?? null;
  const tasks = Object.entries(q.waiting);
  return (
    <section aria-label="Crawl queue">
      <h2>
        Crawl queue{' '}
        {alive.length === 0 ? <span class="flag bad">no worker alive</span> : q.failed.permanent ? <span class="flag bad">failed jobs</span> : <span class="flag ok">ok</span>}
      </h2>
      <dl class="health">
        <dt>Waiting</dt>
        <dd>
          {sum(q.waiting)} jobs{tasks.length ? ` (${tasks.map(([t, n]) => `${n} ${t}`).join(', ')})` : ''}; {q.scheduled} scheduled for later; {q.running} running
        </dd>
        <dt>Failed</dt>
        <dd>
          {q.failed.retrying} waiting for a retry, {q.failed.permanent} out of attempts
        </dd>
        <dt>Workers</dt>
        <dd>
          {alive.length} alive{q.workers.length > alive.length ? `, ${q.workers.length - alive.length} silent` : ''} ({alive.reduce((n, w) => n + w.concurrency, 0)} jobs at once); last heartbeat {ago(latestBeat)}
        </dd>
        <dt>Hosts held back</dt>
        <dd>{q.hosts.length ? q.hosts.map((h) => `${h.host}${h.pushedUntil && h.pushedUntil > new Date().toISOString() ? ' (Retry-After)' : ''}`).join(', ') : 'none'}</dd>
      </dl>
    </section>
  );
}
