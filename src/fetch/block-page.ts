/** Texts of pages some networks serve with status 200 in place of the content. */
const BLOCK_PATTERNS = [/web\s*page\s*blocked/i, /access to this (?:web ?)?site is (?:blocked|denied)/i, /this site has been blocked/i];

/** A block page is short and says so in its title or first text; an article merely quoting the words is not one. */
export function isBlockPage(text: string, extra: RegExp[] = []): boolean {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1] ?? '';
  const patterns = [...BLOCK_PATTERNS, ...extra];
  if (patterns.some((p) => p.test(title))) return true;
  if (text.length > 20_000) return false;
  const visible = text.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]+>/g, ' ');
  return patterns.some((p) => p.test(visible.slice(0, 3000)));
}
