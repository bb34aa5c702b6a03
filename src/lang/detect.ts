// Outlets mislabel languages (kcna.co.jp `ee` URLs carrying Spanish text), so language comes from text.
const ES_WORDS = new Set(['de', 'la', 'el', 'los', 'las', 'del', 'que', 'en', 'y', 'por', 'con', 'para', 'una', 'se', 'su', 'al', 'es', 'como']);
const EN_WORDS = new Set(['the', 'of', 'and', 'to', 'in', 'a', 'is', 'that', 'for', 'on', 'with', 'by', 'was', 'as', 'at', 'it', 'his', 'were']);
const ES_CODES = new Set([...ES_WORDS].map(wordCode));
const EN_CODES = new Set([...EN_WORDS].map(wordCode));
const SAMPLE = 1000;
const WORD_SAMPLE = 1000;

/** The first `SAMPLE` characters of paragraphs joined by spaces, without joining the whole body. */
export function leadingText(paragraphs: readonly string[]): string {
  let out = '';
  for (let i = 0; i < paragraphs.length && out.length < SAMPLE; i++) out += i === 0 ? paragraphs[i] : ` ${paragraphs[i]}`;
  return out.slice(0, SAMPLE);
}

export function detectLanguage(text: string): string {
  const sample = text.slice(0, SAMPLE);
  let latin = 0;
  let hangul = 0;
  let kana = 0;
  let han = 0;
  let cyrillic = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 0x80) {
      if ((c | 32) >= 97 && (c | 32) <= 122) latin++;
    } else if (c <= 0x24f) latin++;
    else if (c >= 0xac00 && c <= 0xd7a3) hangul++;
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
  const lower = sample.slice(0, WORD_SAMPLE).toLowerCase();
  let es = 0;
  let en = 0;
  // Words are runs of a–z and U+00C0–U+024F; only all-ASCII words of up to four letters can be in the lists.
  let code = 0;
  let length = 0;
  let ascii = true;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    if (c >= 97 && c <= 122) {
      code = code * 32 + (c - 96);
      length++;
    } else if (c >= 0xc0 && c <= 0x24f) {
      ascii = false;
      length++;
    } else {
      if (length > 0 && ascii && length <= 4) {
        if (ES_CODES.has(code)) es++;
        else if (EN_CODES.has(code)) en++;
      }
      code = 0;
      length = 0;
      ascii = true;
    }
  }
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
