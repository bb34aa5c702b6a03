import type { ImageEvent, ImageSlot, SlotChange } from '../store/images.js';
import type { ImageChange } from '../images/compare.js';

export type CompareImages = (oldBytes: Uint8Array, newBytes: Uint8Array) => Promise<ImageChange>;

/** The event types image capture records (for `GET /api/events?type=…` and feeds). */
export const IMAGE_EVENT_TYPES = ['image-edited', 'image-replaced', 'image-removed', 'image-added'] as const;

/** `content:3` → `content`; `og:image` stays itself. */
const familyOf = (slot: string) => slot.replace(/:\d+$/, '');

/**
 * Classifies each slot of an article's new image version against the previous version: same picture
 * (identical, re-encoded, rescaled, cropped), edited (a compact region changed, with its box), replaced,
 * added; slots gone from the page are removed. Within each kind of slot (`content`, `gallery`,
 * `og:image`) the two lists are first aligned on identical images, so a photo inserted or dropped
 * does not make the ones after it look replaced; the slots left between two aligned ones are compared in
 * order. A slot whose image is unknown on either side (refused, unreachable) is not classified.
 */
export async function classifySlots(
  previous: ImageSlot[],
  next: ImageSlot[],
  bytesOf: (sha256: string) => Promise<Uint8Array | null>,
  compare: CompareImages,
): Promise<{ slots: ImageSlot[]; events: ImageEvent[] }> {
  const events: ImageEvent[] = [];
  const changes = new Map<ImageSlot, SlotChange | null>();
  const families = [...new Set([...previous, ...next].map((s) => familyOf(s.slot)))];
  for (const family of families) {
    const olds = previous.filter((s) => familyOf(s.slot) === family);
    const news = next.filter((s) => familyOf(s.slot) === family);
    let i = 0;
    let j = 0;
    for (const [ai, aj] of [...alignIdentical(olds, news), [olds.length, news.length] as const]) {
      // The slots between two aligned pairs: compared in order, the rest added or removed.
      for (; i < ai && j < aj; i++, j++) changes.set(news[j], await classifyPair(olds[i], news[j], bytesOf, compare, events));
      for (; j < aj; j++) {
        const s = news[j];
        changes.set(s, s.sha256 ? { kind: 'added' } : null);
        if (s.sha256) events.push({ type: 'image-added', detail: { slot: s.slot, src: s.srcUrl, newSha256: s.sha256 } });
      }
      for (; i < ai; i++) {
        const gone = olds[i];
        if (gone.sha256) events.push({ type: 'image-removed', detail: { slot: gone.slot, src: gone.srcUrl, oldSha256: gone.sha256 } });
      }
      if (ai < olds.length) changes.set(news[aj], null);
      i = ai + 1;
      j = aj + 1;
    }
  }
  return { slots: next.map((s) => ({ ...s, change: changes.get(s) ?? null })), events };
}

async function classifyPair(
  old: ImageSlot,
  s: ImageSlot,
  bytesOf: (sha256: string) => Promise<Uint8Array | null>,
  compare: CompareImages,
  events: ImageEvent[],
): Promise<SlotChange | null> {
  if (!s.sha256 || !old.sha256 || old.sha256 === s.sha256) return null;
  const [a, b] = await Promise.all([bytesOf(old.sha256), bytesOf(s.sha256)]);
  // Stored images always decode; should a comparison fail anyway, the slot is left unclassified.
  const verdict: ImageChange | null = a && b ? await compare(a, b).catch(() => null) : { kind: 'replaced' };
  if (!verdict) return null;
  const moved = { slot: s.slot, ...(old.slot !== s.slot ? { oldSlot: old.slot } : {}), src: s.srcUrl, oldSrc: old.srcUrl, oldSha256: old.sha256, newSha256: s.sha256 };
  if (verdict.kind === 'same') return { kind: 'same', from: old.sha256, ...(verdict.note ? { note: verdict.note } : {}) };
  if (verdict.kind === 'edited') {
    events.push({ type: 'image-edited', detail: { ...moved, region: verdict.region, score: verdict.score } });
    return { kind: 'edited', from: old.sha256, region: verdict.region, score: verdict.score };
  }
  events.push({ type: 'image-replaced', detail: moved });
  return { kind: 'replaced', from: old.sha256 };
}

/** Index pairs of the longest run of identical images common to both lists, in order. */
function alignIdentical(olds: ImageSlot[], news: ImageSlot[]): (readonly [number, number])[] {
  const n = olds.length;
  const m = news.length;
  const same = (i: number, j: number) => !!olds[i].sha256 && olds[i].sha256 === news[j].sha256;
  // Lists are short (a page keeps at most a dozen images): the plain quadratic table is enough.
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = same(i, j) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const pairs: (readonly [number, number])[] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (same(i, j) && lcs[i][j] === lcs[i + 1][j + 1] + 1) pairs.push([i++, j++] as const);
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}
