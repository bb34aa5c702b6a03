import { cleanText } from './text.js';

const SENTENCE_END = new Set([...'.!?:;"\'”’»)]。」』…-']);
const INDENTED = /^ \S/;

/**
 * Splits a scraped body into paragraphs. Scrapes put `\r\n` plus tab or space indents, blank lines or
 * plain newlines between paragraphs. Old bodies are also hard-wrapped at ~60 columns: where paragraphs
 * are marked by indentation, an unindented line that continues an unfinished sentence is joined back.
 */
export function toParagraphs(body: string | string[]): string[] {
  const raw = Array.isArray(body) ? body.join('\n') : body;
  const cleaned = cleanText(raw);
  // Most bodies have no run of spaces or tabs to squash: spare them the replacing pass.
  const lines = (/[\t\f\v]| {2}/.test(cleaned) ? cleaned.replace(/[ \t\f\v]+/g, ' ') : cleaned).split(/\r\n|\r|\n/);
  let indented = 0;
  for (const l of lines) if (INDENTED.test(l)) indented++;
  const indentMarksParagraphs = indented >= 2;
  // In a body written all in lower case, a lower-case line start says nothing about wrapping.
  const capitalized = lines.filter((l) => /^\s*[A-Z]/.test(l)).length;
  const lowercaseMeansWrap = capitalized * 3 >= lines.filter((l) => l.trim().length > 0).length;
  const out: string[] = [];
  let prevBlank = true;
  for (const line of lines) {
    const text = line.trim();
    if (text.length === 0) {
      prevBlank = true;
      continue;
    }
    const prev = out[out.length - 1];
    const continues =
      prev !== undefined &&
      !prevBlank &&
      out.length > 1 &&
      !SENTENCE_END.has(prev[prev.length - 1]) &&
      ((indentMarksParagraphs && !INDENTED.test(line)) || (lowercaseMeansWrap && startsLowercase(text)));
    if (continues) out[out.length - 1] = `${prev} ${text}`;
    else out.push(text);
    prevBlank = false;
  }
  return out;
}

function startsLowercase(s: string): boolean {
  const c = s[0];
  return c !== c.toUpperCase() && c === c.toLowerCase();
}
