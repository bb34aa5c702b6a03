import type { Child } from 'hono/jsx';

/** True for an absolute http: or https: URL: the only archive-provided addresses pages turn into links. */
export function isHttpUrl(url: string | null | undefined): url is string {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * A link to an address that came from the archive (an article's URL, its copies, a source's homepage):
 * a link when it is http(s), plain text otherwise (`javascript:`, `data:` and the rest are never links).
 */
export function ExternalLink(props: { href: string; class?: string; children?: Child }) {
  const content = props.children ?? props.href;
  if (!isHttpUrl(props.href)) {
    return (
      <span class={props.class} dir="auto">
        {content}
      </span>
    );
  }
  return (
    <a class={props.class} href={props.href} rel="noopener noreferrer nofollow" dir="auto">
      {content}
    </a>
  );
}
