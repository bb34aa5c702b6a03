import { Hono } from 'hono';
import type { Context } from 'hono';
import type { Store } from '../store/store.js';
import { ownOrigin } from './auth.js';
import { bibtexCitation, cslJson, plainCitation } from './citation.js';
import { NotFoundPage } from './pages/not-found.js';
import { VersionPage } from './pages/version-page.js';
import { parseId } from './params.js';
import { diffPath, loadVersion, versionPath } from './version-permalink.js';
import './shown.js';

async function viewOf(store: Store, c: Context) {
  const id = parseId(c.req.param('id'));
  const n = parseId(c.req.param('n'));
  return id === null || n === null ? null : loadVersion(store, id, n, ownOrigin(c));
}

const missing = (c: Context) => `There is no version ${c.req.param('n')} of article ${c.req.param('id')} in this archive.`;

/** The permanent page of each version: `/articles/:id/versions/:n` (1 = the first text seen). */
export function versionPages(store: Store): Hono {
  const app = new Hono();
  app.get('/articles/:id/versions/:n', async (c) => {
    const view = await viewOf(store, c);
    if (!view) return c.html(<NotFoundPage what={missing(c)} />, 404);
    c.set('shownArticle', view.article);
    c.set('shownVersions', view.versions);
    return c.html(<VersionPage view={view} />);
  });
  // The bytes the outlet served, so a reader can check them against the raw SHA-256 the page shows.
  app.get('/articles/:id/versions/:n/raw', async (c) => {
    const view = await viewOf(store, c);
    const sha = view && !view.imported ? view.capture.first?.rawSha256 : null;
    const bytes = sha ? await store.crawl.getBlob(sha) : null;
    if (!view || !sha || !bytes) return c.text(view ? 'The archive kept no raw bytes for this version.\n' : `${missing(c)}\n`, 404);
    // Served as a download, never rendered: the bytes are the outlet's, not ours.
    c.header('Content-Type', 'application/octet-stream');
    c.header('Content-Disposition', `attachment; filename="wirewatch-${view.article.id}-v${view.version.n}.raw"`);
    return c.body(new Uint8Array(bytes));
  });
  return app;
}

/** The same as JSON (mounted under /api). */
export function versionApi(store: Store): Hono {
  const api = new Hono();
  api.get('/articles/:id/versions/:n', async (c) => {
    const view = await viewOf(store, c);
    if (!view) return c.json({ error: 'not_found', message: missing(c) }, 404);
    const { article: a, version: v, capture, cite } = view;
    const origin = ownOrigin(c);
    const first = capture.first;
    return c.json({
      article: a.id,
      n: v.n,
      of: view.versions.length,
      current: v.current,
      title: v.title,
      body: v.body,
      seenAt: v.seenAt,
      // `textSha256`: SHA-256 of the UTF-8 of title + "\n\n" + body.join("\n") (docs/citing.md).
      textSha256: view.textSha256,
      // null capture fields: the text was imported from a dump, with no HTTP capture by this archive.
      capture: {
        origin: view.imported ? 'import' : 'crawl',
        takenAt: first?.takenAt ?? null,
        url: first?.url ?? null,
        httpStatus: view.imported ? null : (first?.httpStatus ?? null),
        rawSha256: view.imported ? null : (first?.rawSha256 ?? null),
        raw: !view.imported && first?.rawSha256 ? origin + versionPath(a.id, v.n) + '/raw' : null,
        count: capture.count,
        lastAt: capture.lastAt,
      },
      links: {
        permalink: cite.permalink,
        original: a.url,
        previous: v.n > 1 ? origin + versionPath(a.id, v.n - 1) : null,
        next: v.n < view.versions.length ? origin + versionPath(a.id, v.n + 1) : null,
        changesFromPrevious: v.n > 1 ? origin + diffPath(a.id, v.n - 1, v.n) : null,
        changesToNext: v.n < view.versions.length ? origin + diffPath(a.id, v.n, v.n + 1) : null,
      },
      citation: { text: plainCitation(cite), bibtex: bibtexCitation(cite), csl: cslJson(cite) },
    });
  });
  return api;
}
