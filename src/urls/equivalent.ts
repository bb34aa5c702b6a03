import { canonicalUrl } from './canonical.js';

/**
 * Whether a search query is one outlet URL (and nothing else): `http://…`, `https://…`, or a host
 * name with a path such as `www.kcna.kp/en/article/…` or `kcna.co.jp/item/…`.
 */
export function looksLikeUrl(query: string): boolean {
  const q = query.trim();
  if (!q || /\s/.test(q)) return false;
  if (/^https?:\/\/[^/\s]+/i.test(q)) return true;
  return /^(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}(?::\d+)?\/\S*$/i.test(q);
}

/** A URL as typed, with `http://` put in front when it has no scheme. */
function withScheme(input: string): string {
  const s = input.trim();
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `http://${s}`;
}

/**
 * Every form under which an archive may hold the article a typed URL points to, most likely first:
 * the URL as typed, its canonical form (no tracking parameters, lower-case host, no default port,
 * no navigation fragment), then that form with the other scheme (http/https), with and without
 * `www.`, with and without a trailing slash on the path, and without an article-position fragment.
 * Query parameters are kept byte for byte (some outlets key articles by them). At most 32 forms.
 */
export function urlLookupForms(input: string): string[] {
  const typed = input.trim();
  const forms = new Set<string>();
  if (typed) forms.add(typed);
  let canonical: string;
  try {
    canonical = canonicalUrl(withScheme(typed));
  } catch {
    return [...forms];
  }
  forms.add(canonical);
  const url = new URL(canonical);
  const host = url.host;
  const hosts = host.startsWith('www.') ? [host, host.slice(4)] : [host, `www.${host}`];
  const path = url.pathname;
  const paths = [path];
  if (path.endsWith('/') && path.length > 1) paths.push(path.replace(/\/+$/, '') || '/');
  else if (!path.endsWith('/')) paths.push(`${path}/`);
  // canonicalUrl keeps parameters as written; read them back the same way (URL.search re-encodes).
  const afterHost = canonical.slice(canonical.indexOf('//') + 2 + host.length + path.length);
  const hashAt = afterHost.indexOf('#');
  const query = hashAt < 0 ? afterHost : afterHost.slice(0, hashAt);
  const fragment = hashAt < 0 ? '' : afterHost.slice(hashAt);
  const fragments = fragment ? [fragment, ''] : [''];
  const scheme = url.protocol;
  for (const frag of fragments) {
    for (const p of paths) {
      for (const h of hosts) {
        for (const s of [scheme, scheme === 'http:' ? 'https:' : 'http:']) forms.add(`${s}//${h}${p}${query}${frag}`);
      }
    }
  }
  return [...forms].slice(0, 32);
}
