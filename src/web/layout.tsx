import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { CSS } from './styles.js';

export function Layout(props: { title: string; lang?: string; children: Child; canonical?: string }) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Wirewatch`}</title>
        {props.canonical ? <link rel="canonical" href={props.canonical} /> : null}
        <style>{raw(CSS)}</style>
      </head>
      <body>
        <header class="site">
          <div class="wrap">
            <a class="brand" href="/">
              Wirewatch
            </a>
            <nav aria-label="Site">
              <a href="/">Latest</a>
              <a href="/sources">Sources</a>
              <a href="/entities">People</a>
              <a href="/removed">Removed</a>
              <a href="/health">Health</a>
              <a href="/search">Search</a>
            </nav>
          </div>
        </header>
        <main class="wrap">{props.children}</main>
        <footer class="site">
          <div class="wrap">
            Wirewatch keeps every copy it captures. JSON for every page: <a href="/api/stats">/api</a>.
          </div>
        </footer>
      </body>
    </html>
    </>
  );
}

export function DateText(props: { ymd: string; label: string }) {
  return <time datetime={props.ymd}>{props.label}</time>;
}
