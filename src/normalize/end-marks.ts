// `-0-` closes English KCNA items, `(끝)` Korean ones; both are markup, not text.
export const END_MARK = /\s*(?:-0-|\(끝\)|（끝）)\s*$/u;

export function stripEndMark(paragraphs: string[]): string[] {
  const out = paragraphs.slice();
  while (out.length > 0) {
    const last = out[out.length - 1];
    const stripped = last.replace(END_MARK, '');
    if (stripped === last) break;
    if (stripped.length === 0) out.pop();
    else {
      out[out.length - 1] = stripped;
      break;
    }
  }
  return out;
}
