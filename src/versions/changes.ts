import { compareArticles, DIFF_BUDGET, type DiffBudget, type DiffPiece, type Granularity } from './diff.js';

/**
 * One place where a version differs from the one before: the text removed there, the text added in its
 * place, and a few unchanged words either side. What `removed:` and `added:` search.
 */
export interface ChangeHunk {
  /** 0 in the title, 1 in the body. */
  part: 0 | 1;
  removed: string;
  added: string;
  /**
   * Unchanged words just before and after (within the paragraph): `before + removed + after` is a stretch
   * of the old text and `before + added + after` of the new, so a phrase only partly changed ("Economic
   * Commission" → "Economy Commission") is found whole on either side.
   */
  before: string;
  after: string;
}

export interface VersionChange {
  granularity: Granularity;
  hunks: ChangeHunk[];
}

export interface VersionText {
  title: string;
  body: string[];
}

/**
 * The stored changes must not depend on how busy the machine is: the time limit of a page's diff (40 ms)
 * is raised so the edit and size limits alone decide the granularity (ingest and backfill agree).
 */
export const CHANGE_BUDGET: DiffBudget = { ...DIFF_BUDGET, timeMs: 5_000 };

const CONTEXT_WORDS = 8;
const WORDLIKE = /[\p{L}\p{N}]/u;

/**
 * What changed between two consecutive versions, hunk by hunk. A word-level comparison gives the words;
 * when it falls back to paragraphs, whole changed paragraphs count as removed and added.
 */
export function versionChange(before: VersionText, after: VersionText, lang = 'en', budget: DiffBudget = CHANGE_BUDGET): VersionChange {
  const cmp = compareArticles(before, after, lang, budget);
  return { granularity: cmp.granularity, hunks: [...hunksOf(cmp.title, 0), ...hunksOf(cmp.body, 1)] };
}

/**
 * Consecutive removed and added pieces make one hunk. Unchanged spaces or punctuation between two changes
 * join them (both sides keep them), so a name removed as "Jang" + " " + "Song Thaek" stays one phrase.
 */
function hunksOf(pieces: DiffPiece[], part: 0 | 1): ChangeHunk[] {
  const out: ChangeHunk[] = [];
  let cur: ChangeHunk | null = null;
  let gap = '';
  let lastSame = '';
  const close = () => {
    if (cur && (WORDLIKE.test(cur.removed) || WORDLIKE.test(cur.added))) {
      cur.after = leadingWords(gap);
      out.push(cur);
    }
    cur = null;
  };
  for (const p of pieces) {
    if (p.op === 'same') {
      if (cur && !WORDLIKE.test(p.text)) {
        gap += p.text;
        continue;
      }
      if (cur) {
        gap += p.text;
        close();
      }
      gap = '';
      lastSame = p.text;
      continue;
    }
    if (!cur) cur = { part, removed: '', added: '', before: trailingWords(lastSame), after: '' };
    else if (gap) {
      cur.removed += gap;
      cur.added += gap;
      gap = '';
    }
    if (p.op === 'removed') cur.removed += p.text;
    else cur.added += p.text;
  }
  close();
  return out;
}

/** The last few words of the text, within its last paragraph. */
function trailingWords(text: string): string {
  const para = text.slice(text.lastIndexOf('\n') + 1);
  const words = para.split(/(?<=\s)/);
  return words.slice(-CONTEXT_WORDS).join('').trimStart();
}

/** The first few words of the text, within its first paragraph. */
function leadingWords(text: string): string {
  const nl = text.indexOf('\n');
  const para = nl < 0 ? text : text.slice(0, nl);
  const words = para.split(/(?=\s)/);
  return words.slice(0, CONTEXT_WORDS).join('').trimEnd();
}
