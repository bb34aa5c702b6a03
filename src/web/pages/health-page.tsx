import type { SourceHealth } from '../../store/crawl-store.js';
import { coverageFromDays, isCovered } from '../../tracker/coverage.js';
import { ago, instantText, percent } from '../crawl-format.js';
import { Layout } from '../layout.js';
import { heightClass } from '../percent-classes.js';
import type { QueueStatus } from '../../queue/crawl-queue.js';
import { QueueSection } from './queue-section.js';

const NETWORK_FLAG: Record<string, string> = { unreachable: 'unreachable', http: 'HTTP error', blocked: 'blocked' };

/** `HTTP error` for a failed listing poll: the outlet, not the adapter, is the trouble. */
function networkText(n: NonNullable<SourceHealth['networkError']>): string {
  const flag = NETWORK_FLAG[n.problem] ?? n.problem;
  return n.problem === 'http' && n.status ? `HTTP ${n.status}` : flag;
}

function Flags({ h }: { h: SourceHealth }) {
  if (!h.enabled) return <span class="flag off">disabled</span>;
  if (!h.crawled) return <span class="flag off">not crawled yet</span>;
  const markup = h.markupChanged;
  const net = h.networkError;
  const fine = !h.gap && !h.stale && !markup && !net;
  return (
    <>
      {markup ? (
        <span class="flag bad" title={`since ${instantText(markup.since)}: ${markup.what}`}>
          markup changed
        </span>
      ) : null}{' '}
      {net ? (
        <span class="flag bad" title={`${instantText(net.at)}: ${net.kind}${net.message ? `: ${net.message}` : ''}`}>
          {networkText(net)}
        </span>
      ) : null}{' '}
      {h.gap ? (
        <span class="flag bad" title="no new articles: volume well below the source's own baseline">
          gap
        </span>
      ) : null}{' '}
      {h.stale ? <span class="flag bad">stale</span> : null} {fine ? <span class="flag ok">ok</span> : null}
    </>
  );
}

export function HealthPage({ sources, queue }: { sources: SourceHealth[]; queue?: QueueStatus }) {
  return (
    <Layout title="Source health">
      <h1>Source health</h1>
      <p class="lede">
        Is each outlet still being captured? A <strong>gap</strong> is volume well below the source's own 28-day baseline — the failure an archive must not miss. <strong>Stale</strong>: no successful fetch in a day.
        Why: <strong>markup changed</strong> — pages load but no longer match the source's adapter (fix the source file);{' '}
        <strong>unreachable</strong>, <strong>HTTP error</strong> or <strong>blocked</strong> — the last listing poll failed before any page could be read (the
        outlet or the route to it). A gap with neither is the outlet publishing nothing new.
      </p>
      <section class="table-scroll" aria-label="Sources" tabindex={0}>
        <table class="counts">
          <thead>
            <tr>
              <th>Source</th>
              <th>Status</th>
              <th>Last success</th>
              <th>Last error</th>
              <th class="n">Success (7 d)</th>
              <th class="n">Articles/day</th>
              <th class="n">Baseline</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((h) => (
              <tr>
                <td>
                  <a href={`/sources/${h.slug}/health`}>{h.name}</a>
                </td>
                <td>
                  <Flags h={h} />
                </td>
                <td>{ago(h.lastSuccessAt)}</td>
                <td>{h.lastError ? `${h.lastError.kind}, ${ago(h.lastError.at)}` : '–'}</td>
                <td class="n">{percent(h.fetches.successRate)}</td>
                <td class="n">{h.articlesPerDay}</td>
                <td class="n">{h.baselinePerDay}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p class="meta">
        JSON per source: <code>/api/sources/&lt;slug&gt;/health</code>. How to read this page: docs/sources.md.
      </p>
      {queue ? <QueueSection q={queue} /> : null}
    </Layout>
  );
}

/**
 * Which of the chart's days the archive has data for: a day with stored articles or a successful fetch, and
 * short runs between such days (the rule of src/tracker/coverage.ts). Other days are *no data*, not zero.
 */
export function dailyCoverage(daily: readonly { day: string; count: number }[], dataDays: readonly string[]): boolean[] {
  const c = coverageFromDays(dataDays.map((day) => ({ day, articles: 1 })));
  return daily.map((d) => d.count > 0 || isCovered(c, d.day));
}

export function SourceHealthPage({ h, dataDays = [] }: { h: SourceHealth; dataDays?: string[] }) {
  const max = Math.max(1, ...h.daily.map((d) => d.count));
  const covered = dailyCoverage(h.daily, dataDays);
  const noData = covered.filter((x) => !x).length;
  return (
    <Layout title={`${h.name}: health`}>
      <p class="meta">
        <span>
          <a href={`/sources/${h.slug}`}>{h.name}</a>
        </span>
        <span>
          <a href="/health">All sources</a>
        </span>
        <span>
          <a href={`/api/sources/${h.slug}/health`}>JSON</a>
        </span>
      </p>
      <h1>
        {h.name}: health <Flags h={h} />
      </h1>
      <h2>Articles per day, last 31 days</h2>
      <div class="spark" role="img" aria-label={`articles per day: ${h.daily.map((d, i) => (covered[i] ? d.count : 'no data')).join(', ')}`}>
        {h.daily.map((d, i) =>
          covered[i] ? (
            <span class={`${heightClass(d.count / max)}${i >= h.daily.length - 3 ? ' recent' : ''}`} title={`${d.day}: ${d.count}`} />
          ) : (
            <span class="nodata" title={`${d.day}: no data (no articles stored and no successful fetch)`} />
          ),
        )}
      </div>
      {noData ? (
        <p class="meta">
          <span class="nodata-swatch" /> no data: {noData} of {h.daily.length} days have
          neither stored articles nor a successful fetch, so their volume is unknown, not zero.
        </p>
      ) : null}
      {h.markupChanged ? (
        <div class="note markup" role="status">
          <p>
            <strong>Markup changed</strong> since {instantText(h.markupChanged.since)}: pages of this source load but no longer match its adapter
            {h.markupChanged.count > 1 ? ` (${h.markupChanged.count} pages, the latest ${ago(h.markupChanged.lastSeenAt)})` : ''}.
          </p>
          <p>
            What failed: {h.markupChanged.what}
            <br />
            Example: <code dir="auto">{h.markupChanged.url}</code>
          </p>
          <p class="meta">
            Article pages whose selectors find nothing are still kept through the generic reader and marked so. Check the page with{' '}
            <code>wirewatch extract</code> and fix <code>sources/{h.slug}.json</code>; the flag clears when pages match again.
          </p>
        </div>
      ) : null}
      <dl class="health">
        <dt>Markup</dt>
        <dd>{h.markupChanged ? <strong>changed since {instantText(h.markupChanged.since)}</strong> : h.lastSuccessAt ? 'pages match the adapter' : 'no page read yet'}</dd>
        <dt>Network</dt>
        <dd>
          {h.networkError ? (
            <>
              <strong>{networkText(h.networkError)}</strong>: the last listing poll failed ({instantText(h.networkError.at)})
            </>
          ) : h.crawled ? (
            'the last listing poll worked'
          ) : (
            '–'
          )}
        </dd>
        <dt>Articles per day</dt>
        <dd>
          {h.articlesPerDay} over the last 3 days, against a baseline of {h.baselinePerDay} over the 28 days before
          {h.gap ? ' — a gap: well below the baseline' : ''}
        </dd>
        <dt>Last success</dt>
        <dd>{h.lastSuccessAt ? `${instantText(h.lastSuccessAt)} (${ago(h.lastSuccessAt)})` : 'never'}</dd>
        <dt>Last error</dt>
        <dd>
          {h.lastError ? (
            <>
              <strong>{h.lastError.kind}</strong> {instantText(h.lastError.at)}: {h.lastError.message ?? ''} <br />
              <code dir="auto">{h.lastError.url}</code>
            </>
          ) : (
            'none'
          )}
        </dd>
        <dt>Fetches, last 7 days</dt>
        <dd>
          {h.fetches.ok} of {h.fetches.total} succeeded ({percent(h.fetches.successRate)})
        </dd>
        <dt>Tracked articles</dt>
        <dd>
          {h.tracked} rechecked on schedule, {h.queued} waiting for a first capture, {h.removed} removed
        </dd>
        <dt>Next listing poll</dt>
        <dd>{h.nextListingAt ? instantText(h.nextListingAt) : h.enabled ? 'at the next pass' : 'disabled'}</dd>
      </dl>
    </Layout>
  );
}
