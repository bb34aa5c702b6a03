import iconv from 'iconv-lite';

const ALIASES: Record<string, string> = {
  'ks_c_5601-1987': 'euc-kr',
  ksc5601: 'euc-kr',
  'ks_c_5601': 'euc-kr',
  'x-windows-949': 'cp949',
  'windows-949': 'cp949',
  uhc: 'cp949',
  utf8: 'utf-8',
};

function canonical(name: string | null | undefined): string | null {
  if (!name) return null;
  const n = name.trim().toLowerCase().replace(/^["']|["']$/g, '');
  const mapped = ALIASES[n] ?? n;
  return iconv.encodingExists(mapped) ? mapped : null;
}

/** Charset from a Content-Type header value. */
export function charsetFromHeader(contentType: string | null | undefined): string | null {
  const m = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '');
  return canonical(m?.[1]);
}

/** Charset from `<meta charset>` or `<meta http-equiv content="...charset=...">` in the first bytes, or an XML declaration. */
export function charsetFromMeta(body: Buffer): string | null {
  const head = body.subarray(0, 4096).toString('latin1');
  const m =
    /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ?? /^<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  return canonical(m?.[1]);
}

function charsetFromBom(body: Buffer): string | null {
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  return null;
}

/** Undeclared bytes that are not valid UTF-8 but look like EUC-KR Hangul (lead 0xB0–0xC8, trail 0xA1–0xFE). */
function sniffEucKr(body: Buffer): boolean {
  const sample = body.subarray(0, 16384);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - 4));
    return false;
  } catch {
    let pairs = 0;
    for (let i = 0; i + 1 < sample.length; i++) {
      if (sample[i] >= 0xb0 && sample[i] <= 0xc8 && sample[i + 1] >= 0xa1 && sample[i + 1] <= 0xfe) {
        pairs++;
        i++;
      }
    }
    return pairs >= 4;
  }
}

const KOREAN = new Set(['euc-kr', 'cp949']);

/**
 * Outlets mislabel their pages: UTF-8 bytes declared EUC-KR, EUC-KR bytes declared UTF-8. The bytes win
 * when they cannot be what the label says: a real EUC-KR page is never valid UTF-8 (its common Hangul lead
 * bytes cannot start a UTF-8 sequence), and EUC-KR read as UTF-8 fails at most of its non-ASCII bytes
 * (a UTF-8 page with a stray byte fails at a few).
 */
function relabelled(body: Buffer, declared: string): string | null {
  const sample = body.subarray(0, 16384);
  if (KOREAN.has(declared)) {
    if (!sample.some((b) => b >= 0x80)) return null;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, Math.max(0, sample.length - 4)));
      return 'utf-8';
    } catch {
      return null;
    }
  }
  if (declared === 'utf-8' && sniffEucKr(body)) {
    let high = 0;
    for (const b of sample) if (b >= 0x80) high++;
    const bad = (new TextDecoder('utf-8').decode(sample).match(/\uFFFD/g) ?? []).length;
    if (bad >= 4 && bad * 10 >= high) return 'euc-kr';
  }
  return null;
}

/** Decides the charset (BOM, then header, then meta, then a sniff, else UTF-8; bytes that contradict a Korean or UTF-8 label win) and decodes. */
export function decodeBody(body: Buffer, contentType?: string | null): { text: string; charset: string } {
  const declared = charsetFromHeader(contentType) ?? charsetFromMeta(body);
  const charset = charsetFromBom(body) ?? (declared && (relabelled(body, declared) ?? declared)) ?? (sniffEucKr(body) ? 'euc-kr' : 'utf-8');
  // EUC-KR pages routinely use CP949 extensions; CP949 is a superset, so decode with it.
  const decoder = charset === 'euc-kr' ? 'cp949' : charset;
  let text = iconv.decode(body, decoder);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, charset };
}
