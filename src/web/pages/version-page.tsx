import { captureTime } from '../citation.js';
import { instantText } from '../crawl-format.js';
import { Layout } from '../layout.js';
import { ExternalLink } from '../safe-links.js';
import { diffPath, versionPath, type VersionView } from '../version-permalink.js';
import { CitationMeta, CiteBlock } from './cite-block.js';

/** A version as it was: its text, where and when it was captured, its hashes, and how to cite it. */
export function VersionPage(props: { view: VersionView }) {
  const { article: a, versions, version: v, capture, cite } = props.view;
  const total = versions.length;
  const first = capture.first;
  const prev = v.n > 1 ? v.n - 1 : null;
  const next = v.n < total ? v.n + 1 : null;
  return (
    <Layout title={`Version ${v.n}: ${v.title}`} canonical={cite.permalink} head={<CitationMeta v={cite} />}>
      <p class="meta">
        <span>
          <a href={`/articles/${a.id}`}>← The article</a>
        </span>
        <span>
          <a href={`/articles/${a.id}/versions`}>All {total} versions</a>
        </span>
        <span>{a.sourceName}</span>
        <span>
          <a href={`/api${versionPath(a.id, v.n)}`}>JSON</a>
        </span>
      </p>
      <p class="meta">
        Version {v.n} of {total}
        {v.current ? <span class="badge">current</span> : <span class="badge warn">superseded</span>}
      </p>
      <h1 lang={a.lang} dir="auto">
        {v.title}
      </h1>
      <dl class="facts">
        <dt>First seen</dt>
        <dd>{instantText(v.seenAt)}</dd>
        {props.view.imported ? (
          <>
            <dt>Capture</dt>
            <dd>Imported from a dump; no HTTP capture{first ? ` (imported ${captureTime(first.takenAt)})` : ''}.</dd>
          </>
        ) : (
          <>
            <dt>Captured</dt>
            <dd>
              <time datetime={first!.takenAt}>{captureTime(first!.takenAt)}</time>
              {capture.count > 1 ? ` (the same text was read ${capture.count} times, last ${captureTime(capture.lastAt!)})` : null}
              {capture.importedAt ? ` — first imported from a dump ${captureTime(capture.importedAt)}` : null}
            </dd>
            <dt>HTTP status</dt>
            <dd>{first!.httpStatus ?? 'not recorded'}</dd>
            <dt>Raw bytes SHA-256</dt>
            <dd>
              {first!.rawSha256 ? (
                <>
                  <code>{first!.rawSha256}</code> <a href={`${versionPath(a.id, v.n)}/raw`}>download the bytes</a>
                </>
              ) : (
                'not recorded'
              )}
            </dd>
          </>
        )}
        <dt>Text SHA-256</dt>
        <dd>
          <code>{props.view.textSha256}</code>
          <br />
          <small>of the title, a blank line, then the paragraphs joined by line feeds (UTF-8, no final newline)</small>
        </dd>
        <dt>Original</dt>
        <dd>
          <ExternalLink href={first?.url ?? a.url} />
        </dd>
      </dl>
      <nav class="version-nav" aria-label="Other versions">
        {prev ? (
          <a href={versionPath(a.id, prev)} rel="prev">
            ← Version {prev}
          </a>
        ) : null}
        {prev ? <a href={diffPath(a.id, prev, v.n)}>Changes from version {prev}</a> : null}
        {next ? <a href={diffPath(a.id, v.n, next)}>Changes to version {next}</a> : null}
        {next ? (
          <a href={versionPath(a.id, next)} rel="next">
            Version {next} →
          </a>
        ) : null}
      </nav>
      <div class="article-body version-body" lang={a.lang}>
        {v.body.map((p) => (
          <p dir="auto">{p}</p>
        ))}
      </div>
      <CiteBlock v={cite} />
    </Layout>
  );
}
