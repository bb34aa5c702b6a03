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
