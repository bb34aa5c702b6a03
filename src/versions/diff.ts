import { diffArrays } from 'diff';

export type DiffOp = 'same' | 'added' | 'removed';

export interface DiffPiece {
  op: DiffOp;
  text: string;
}

const segmenters = new Map<string, Intl.Segmenter>();

/**
 * Words and the spaces and punctuation between them, by Unicode word segmentation (`Intl.Segmenter`):
 * Hangul words (어절) split at spaces and punctuation like Latin ones, never inside a syllable block.
 */
export function segmentWords(text: string, lang = 'en'): string[] {
  let seg = segmenters.get(lang);
  if (!seg) {
    seg = new Intl.Segmenter(lang, { granularity: 'word' });
    segmenters.set(lang, seg);
  }
  const out: string[] = [];
  for (const s of seg.segment(text)) {
    // Line breaks stand alone so paragraphs can be rebuilt from the pieces.
    if (!s.isWordLike && s.segment.includes('\n') && s.segment !== '\n') {
      for (const part of s.segment.split(/(\n)/)) if (part) out.push(part);
    } else out.push(s.segment);
  }
  return out;
}

/** Word-level differences between two texts (paragraphs separated by `\n`). */
export function diffWords(before: string, after: string, lang = 'en'): DiffPiece[] {
  const changes = diffArrays(segmentWords(before, lang), segmentWords(after, lang));
  const out: DiffPiece[] = [];
  for (const c of changes) {
    const op: DiffOp = c.added ? 'added' : c.removed ? 'removed' : 'same';
    const text = c.value.join('');
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  }
  return out;
}

/** Splits diff pieces into paragraphs at line breaks, keeping each piece's operation. */
export function diffParagraphs(pieces: DiffPiece[]): DiffPiece[][] {
  const paras: DiffPiece[][] = [[]];
  for (const p of pieces) {
    const parts = p.text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) paras.push([]);
      if (part) paras[paras.length - 1].push({ op: p.op, text: part });
    });
  }
  return paras.filter((p) => p.length > 0);
}

export function diffStats(pieces: DiffPiece[]): { added: number; removed: number } {
  const words = (t: string) => segmentWords(t).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  let added = 0;
  let removed = 0;
  for (const p of pieces) {
    if (p.op === 'added') added += words(p.text);
    if (p.op === 'removed') removed += words(p.text);
  }
  return { added, removed };
}
