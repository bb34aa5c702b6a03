// Outlets mislabel languages (kcna.co.jp `ee` URLs carrying Spanish text), so language comes from text.
const ES_WORDS = new Set(['de', 'la', 'el', 'los', 'las', 'del', 'que', 'en', 'y', 'por', 'con', 'para', 'una', 'se', 'su', 'al', 'es', 'como']);
const EN_WORDS = new Set(['the', 'of', 'and', 'to', 'in', 'a', 'is', 'that', 'for', 'on', 'with', 'by', 'was', 'as', 'at', 'it', 'his', 'were']);
/** Word code → 1 for a Spanish list word, 2 for an English one (codes of up to four letters are below 2^20). */
const LIST_OF = new Uint8Array(1 << 20);
for (const w of EN_WORDS) LIST_OF[wordCode(w)] = 2;
for (const w of ES_WORDS) LIST_OF[wordCode(w)] = 1;
const SAMPLE = 1000;

/** The first `SAMPLE` characters of paragraphs joined by spaces, without joining the whole body. */
export function leadingText(paragraphs: readonly string[]): string {
  let out = '';
  for (let i = 0; i < paragraphs.length && out.length < SAMPLE; i++) out += i === 0 ? paragraphs[i] : ` ${paragraphs[i]}`;
  return out.slice(0, SAMPLE);
}

export function detectLanguage(text: string): string {
  const n = Math.min(text.length, SAMPLE);
  let latin = 0;
  let hangul = 0;
  let kana = 0;
  let han = 0;
  let cyrillic = 0;
  let es = 0;
  let en = 0;
  // One pass: scripts are counted, and words (runs of a–z and U+00C0–U+024F, A–Z read as a–z) looked up as
  // they end; only all-ASCII words of up to four letters can be in the lists.
  let code = 0;
  let length = 0;
  let ascii = true;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0;
    const folded = c | 32;
    if (c < 0x80 && folded >= 97 && folded <= 122) {
      latin++;
      code = code * 32 + (folded - 96);
      length++;
      continue;
    }
    if (c >= 0xc0 && c <= 0x24f) {
      latin++;
      ascii = false;
      length++;
      continue;
    }
    if (length > 0) {
      if (ascii && length <= 4) {
        const list = LIST_OF[code];
        if (list === 1) es++;
        else if (list === 2) en++;
      }
      code = 0;
      length = 0;
      ascii = true;
    }
    if (c < 0xc0) {
      if (c >= 0x80) latin++;
    } else if (c >= 0xac00 && c <= 0xd7a3) hangul++;
    else if ((c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) hangul++;
    else if (c >= 0x3040 && c <= 0x30ff) kana++;
    else if (c >= 0x4e00 && c <= 0x9fff) han++;
    else if (c >= 0x400 && c <= 0x4ff) cyrillic++;
  }
  const letters = latin + hangul + kana + han + cyrillic || 1;
  if (hangul / letters > 0.2) return 'ko';
  if (kana / letters > 0.1) return 'ja';
  if (han / letters > 0.3) return 'zh';
  if (cyrillic / letters > 0.3) return 'ru';
  if (es === 0 && en === 0) return 'und';
  return es > en ? 'es' : 'en';
}

/** A word of up to four letters a–z as a number (five bits a letter), so counting words makes no strings. */
function wordCode(w: string): number {
  if (!/^[a-z]{1,4}$/.test(w)) throw new Error(`language word list: "${w}" is not 1–4 letters a–z`);
  let code = 0;
  for (let i = 0; i < w.length; i++) code = code * 32 + (w.charCodeAt(i) - 96);
  return code;
}
