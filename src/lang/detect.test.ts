import { expect, it } from 'vitest';
import { detectLanguage } from './detect.js';

it('tells English, Spanish and Korean apart from the text, not the URL', () => {
  expect(detectLanguage('Pyongyang, January 5 (KCNA) -- The preparatory committee of the Student Committee issued a statement.')).toBe('en');
  expect(detectLanguage('Pyongyang, 5 de octubre (ACNC) -- En la Cumbre Norte-Sur, celebrada el 4 de octubre de hace ahora 6 anos en Pyongyang, fue aprobada la Declaracion.')).toBe('es');
  expect(detectLanguage('세계보건기구 총국장이 18일 민주꽁고에서 전파되고있는 에볼라비루스가 다른 나라들에로 확대될 위험성이 높다고 경고하였다.')).toBe('ko');
  expect(detectLanguage('12345 67890')).toBe('und');
});
