/**
 * Pages some networks and outlets serve with status 200 in place of the content. `block`: the network
 * or the outlet refuses the page (it may be gone for good); `captcha` and `maintenance` stand in front of
 * every page for a while and say nothing about the article.
 */
export type BlockPageKind = 'block' | 'captcha' | 'maintenance';

const BLOCK_PATTERNS: [BlockPageKind, RegExp][] = [
  ['block', /web\s*page\s*blocked/i],
  ['block', /access to this (?:web ?)?site is (?:blocked|denied)/i],
  ['block', /this site has been blocked/i],
  ['captcha', /(?:complete|solve|enter|fill in) the (?:captcha|security check)/i],
  ['captcha', /are you (?:a )?(?:robot|human)\s*\?/i],
  ['captcha', /verify(?:ing)? (?:that )?you are (?:a )?human/i],
  ['captcha', /attention required!? \| cloudflare|just a moment\.\.\./i],
  ['maintenance', /(?:web ?site|site|page|server|service|system)\s+(?:is\s+)?(?:currently\s+|temporarily\s+)?(?:down\s+|closed\s+)?(?:for|under(?:going)?)\s+(?:scheduled\s+)?maintenance/i],
  ['maintenance', /(?:사이트|서버|서비스|시스템|홈페이지)\s*(?:를|을)?\s*점검\s*(?:중|하고)/],
];

/** A block page is short and says so in its title or first text; an article merely quoting the words is not one. */
export function blockPageKind(text: string, extra: RegExp[] = []): BlockPageKind | null {
  const title = titleOf(text);
  // A source's own patterns mark pages that refuse the content.
  const patterns: [BlockPageKind, RegExp][] = [...BLOCK_PATTERNS, ...extra.map((p): [BlockPageKind, RegExp] => ['block', p])];
  const inTitle = patterns.find(([, p]) => p.test(title));
  if (inTitle) return inTitle[0];
  if (text.length > 20_000) return null;
  const visible = text.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]+>/g, ' ').slice(0, 3000);
  return patterns.find(([, p]) => p.test(visible))?.[0] ?? null;
}

export function isBlockPage(text: string, extra: RegExp[] = []): boolean {
  return blockPageKind(text, extra) !== null;
}

/**
 * The first `<title>`'s text, found in one pass: a regex with a lazy body retried at every `<title` is
 * quadratic, and a hostile page of `<title` repeated over megabytes held the thread for hours.
 */
function titleOf(text: string): string {
  const open = /<title/i.exec(text);
  if (!open) return '';
  const gt = text.indexOf('>', open.index);
  if (gt < 0) return '';
  const close = /<\/title>/gi;
  close.lastIndex = gt + 1;
  const end = close.exec(text);
  return end ? text.slice(gt + 1, end.index) : '';
}
