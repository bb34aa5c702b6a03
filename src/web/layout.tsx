import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { dayHref, longDate } from './format.js';
import { STYLESHEET_HREF } from './stylesheet.js';
import { AccountLinks } from './session-ui.js';
import { FeedHeadLinks, FeedLinks, type PageFeed } from './feed-links.js';

/**
 * `feed`: the page's list as a feed: announced in the head (autodiscovery) and linked above the content.
 * `head`: more elements for the head (citation metadata).
 */
export function Layout(props: { title: string; lang?: string; children: Child; canonical?: string; feed?: PageFeed; head?: Child }) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`\u2068${props.title}\u2069 · Wirewatch`}</title>
        {props.canonical ? <link rel="canonical" href={props.canonical} /> : null}
        <link rel="stylesheet" href={STYLESHEET_HREF} />
        {props.feed ? <FeedHeadLinks feed={props.feed} /> : null}
        {props.head ?? null}
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
              <a href="/stories">Stories</a>
              <a href="/entities">People</a>
              <a href="/removed">Removed</a>
              <a href="/health">Health</a>
              <a href="/search">Search</a>
            </nav>
            <AccountLinks />
          </div>
        </header>
        <main class="wrap">
          {props.feed ? <FeedLinks feed={props.feed} /> : null}
          {props.children}
        </main>
        <footer class="site">
          <div class="wrap">
            Wirewatch keeps every copy it captures. JSON for every page: <a href="/api">/api</a>.
          </div>
        </footer>
      </body>
    </html>
    </>
  );
}

/**
 * A publication date as pages show it: written out (`9 April 2021`), machine-readable in `<time datetime>`
 * (the exact instant when there is one), and linked to that day's page, where every source's articles of
 * the day are listed.
 */
export function DateText(props: { ymd: string; datetime?: string | null; label?: string }) {
  return (
    <a class="day" href={dayHref(props.ymd)}>
      <time datetime={props.datetime ?? props.ymd.slice(0, 10)}>{props.label ?? longDate(props.ymd)}</time>
    </a>
  );
}
