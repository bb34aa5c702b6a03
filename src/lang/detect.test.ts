import fc from 'fast-check';
import { expect, it } from 'vitest';
import { detectLanguage } from './detect.js';

it('tells English, Spanish and Korean apart from the text, not the URL', () => {
  expect(detectLanguage('Pyongyang, January 5 (KCNA) -- The preparatory committee of the Student Committee issued a statement.')).toBe('en');
  expect(detectLanguage('Pyongyang, 5 de octubre (ACNC) -- En la Cumbre Norte-Sur, celebrada el 4 de octubre de hace ahora 6 anos en Pyongyang, fue aprobada la Declaracion.')).toBe('es');
  expect(detectLanguage('세계보건기구 총국장이 18일 민주꽁고에서 전파되고있는 에볼라비루스가 다른 나라들에로 확대될 위험성이 높다고 경고하였다.')).toBe('ko');
  expect(detectLanguage('12345 67890')).toBe('und');
});

/** The word count as first written: split on anything but letters, look each word up. */
function referenceLanguage(text: string): string {
  const ES = new Set(['de', 'la', 'el', 'los', 'las', 'del', 'que', 'en', 'y', 'por', 'con', 'para', 'una', 'se', 'su', 'al', 'es', 'como']);
  const EN = new Set(['the', 'of', 'and', 'to', 'in', 'a', 'is', 'that', 'for', 'on', 'with', 'by', 'was', 'as', 'at', 'it', 'his', 'were']);
  let es = 0;
  let en = 0;
  for (const w of text.slice(0, 1000).toLowerCase().split(/[^a-z\u00C0-\u024F]+/)) {
    if (ES.has(w)) es++;
    else if (EN.has(w)) en++;
  }
  if (es === 0 && en === 0) return 'und';
  return es > en ? 'es' : 'en';
}

it('counts words exactly as splitting the text would (Latin-script texts)', () => {
  const word = fc.constantFrom('de', 'la', 'the', 'of', 'and', 'para', 'como', 'with', 'were', 'El', 'THE', 'año', 'así', 'fin', 'thee', 'ofa', 'Ñandú', 'x', 'À');
  const sep = fc.constantFrom(' ', ', ', '. ', '\n', '-', '1', '—', '«', ' "', 'ß', 'ı');
  fc.assert(
    fc.property(fc.array(fc.tuple(word, sep), { maxLength: 300 }), (parts) => {
      const text = parts.map(([w, s]) => w + s).join('');
      expect(detectLanguage(text)).toBe(referenceLanguage(text));
    }),
  );
});

const wordCode = (w: string) => [...w].reduce((code, ch) => code * 32 + (ch.charCodeAt(0) - 96), 0);
const ES_CODES = new Set(['de', 'la', 'el', 'los', 'las', 'del', 'que', 'en', 'y', 'por', 'con', 'para', 'una', 'se', 'su', 'al', 'es', 'como'].map(wordCode));
const EN_CODES = new Set(['the', 'of', 'and', 'to', 'in', 'a', 'is', 'that', 'for', 'on', 'with', 'by', 'was', 'as', 'at', 'it', 'his', 'were'].map(wordCode));

/** The former two-pass form (script counts, then words of the lower-cased sample): the reference for the one pass. */
function twoPassLanguage(text: string): string {
  const sample = text.slice(0, 1000);
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
  const lower = sample.slice(0, 1000).toLowerCase();
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

it('reads scripts and words in one pass exactly as the former two passes did', () => {
  const piece = fc.constantFrom('de', 'The', 'OF', 'para', 'año', 'Ñ', 'À', '×', 'ß', '조선', '로동신문', 'ひらがな', 'カタ', '中国', 'Москва', ' ', ', ', '\n', '«', '\u00a0', '1', '—', 'ı');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 600 }), (parts) => {
      const text = parts.join('');
      expect(detectLanguage(text)).toBe(twoPassLanguage(text));
    }),
  );
});
