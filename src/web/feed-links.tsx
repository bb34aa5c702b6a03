/** A page's feed: what its list is as Atom, RSS and JSON Feed. */
export interface PageFeed {
  /** What the feed holds, for feed readers' lists ("Latest articles"). */
  title: string;
  /** The feed's path without the format: `/feeds/all`, `/feeds/sources/kcna-co-jp`. */
  path: string;
  /** Query parameters the feed takes (`q` of a search, `type` of events). */
  query?: Record<string, string>;
}

const FORMATS = [
  { ext: 'atom', type: 'application/atom+xml', label: 'Atom' },
  { ext: 'rss', type: 'application/rss+xml', label: 'RSS' },
  { ext: 'json', type: 'application/feed+json', label: 'JSON' },
] as const;

function href(feed: PageFeed, ext: string): string {
  const qs = feed.query ? new URLSearchParams(feed.query).toString() : '';
  return `${feed.path}.${ext}${qs ? `?${qs}` : ''}`;
}

/** `<link rel="alternate">` in the head, so browsers and feed readers find the feed from the page's address. */
export function FeedHeadLinks(props: { feed: PageFeed }) {
  return (
    <>
      {FORMATS.map((f) => (
        <link rel="alternate" type={f.type} title={`${props.feed.title} (${f.label})`} href={href(props.feed, f.ext)} />
      ))}
    </>
  );
}

/** The same feed as a small visible line: "Feed: Atom · RSS · JSON". */
export function FeedLinks(props: { feed: PageFeed }) {
  return (
    <p class="feed-links">
      Feed:{' '}
      {FORMATS.map((f, i) => (
        <>
          {i > 0 ? ' · ' : ''}
          <a href={href(props.feed, f.ext)} type={f.type}>
            {f.label}
          </a>
        </>
      ))}
    </p>
  );
}
