// Query parameters that only track the visitor; they never identify an article.
const TRACKING = /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|yclid|_ga|ref|ref_src|igshid|spm)$/i;

export interface CanonicalOptions {
  /** Keeps a fragment that identifies the article (kcna.co.jp's `#N` position on a shared page). */
  keepFragment?: (fragment: string) => boolean;
}

/** A numeric fragment addresses one article on a page holding several; any other fragment is navigation. */
export const keepPositionFragment = (fragment: string): boolean => /^\d{1,4}$/.test(fragment);

/**
 * Canonical form of an article URL: lower-case scheme and host, no default port, no tracking
 * parameters, fragment only where it identifies the article. Other parameters keep their order and
 * spelling (Rodong's base64 keys end in `==` and must survive byte for byte).
 */
export function canonicalUrl(input: string, opts: CanonicalOptions = {}): string {
  const keep = opts.keepFragment ?? keepPositionFragment;
  const url = new URL(input.trim());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`not an http(s) URL: ${input}`);
  // Every trailing dot goes at once (stripping one per pass was not idempotent); a host of dots is none.
  const host = url.hostname.toLowerCase().replace(/\.+$/, '');
  if (!host) throw new Error(`no host in URL: ${input}`);
  const port = url.port && !((url.protocol === 'http:' && url.port === '80') || (url.protocol === 'https:' && url.port === '443')) ? `:${url.port}` : '';
  const rawQuery = url.search.startsWith('?') ? url.search.slice(1) : '';
  const params = rawQuery.split('&').filter((p) => p.length > 0 && !TRACKING.test(decodeSafe(p.split('=')[0])));
  const query = params.length ? `?${params.join('&')}` : '';
  const fragment = url.hash.length > 1 && keep(url.hash.slice(1)) ? url.hash : '';
  const path = url.pathname || '/';
  return `${url.protocol}//${host}${port}${path}${query}${fragment}`;
}

export function tryCanonicalUrl(input: string, opts?: CanonicalOptions): string | null {
  try {
    return canonicalUrl(input, opts);
  } catch {
    return null;
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
