import type { ImageEvent, ImageSlot, SlotChange } from '../store/images.js';
import type { ImageChange } from '../images/compare.js';

export type CompareImages = (oldBytes: Uint8Array, newBytes: Uint8Array) => Promise<ImageChange>;

/**
 * Classifies each slot of an article's new image version against the previous one (slots are matched
 * by their key: `og:image`, `content:N`, `gallery:N`): same picture (identical, re-encoded, rescaled),
 * edited (a compact region changed, with its box), replaced, added; slots gone from the page are removed.
 * Returns the slots with their change and the events to record. A slot whose image is unknown on either
 * side (refused, unreachable) is not classified.
 */
export async function classifySlots(
  previous: ImageSlot[],
  next: ImageSlot[],
  bytesOf: (sha256: string) => Promise<Uint8Array | null>,
  compare: CompareImages,
): Promise<{ slots: ImageSlot[]; events: ImageEvent[] }> {
  const before = new Map(previous.map((s) => [s.slot, s]));
  const events: ImageEvent[] = [];
  const slots: ImageSlot[] = [];
  for (const s of next) {
    const old = before.get(s.slot);
    before.delete(s.slot);
    let change: SlotChange | null = null;
    if (!s.sha256) change = null;
    else if (!old) {
      change = { kind: 'added' };
      events.push({ type: 'image-added', detail: { slot: s.slot, src: s.srcUrl, newSha256: s.sha256 } });
    } else if (old.sha256 === s.sha256 || !old.sha256) change = null;
    else {
      const [a, b] = await Promise.all([bytesOf(old.sha256), bytesOf(s.sha256)]);
      const verdict: ImageChange = a && b ? await compare(a, b) : { kind: 'replaced' };
      const moved = { slot: s.slot, src: s.srcUrl, oldSrc: old.srcUrl, oldSha256: old.sha256, newSha256: s.sha256 };
      if (verdict.kind === 'same') change = { kind: 'same', from: old.sha256, ...(verdict.note ? { note: verdict.note } : {}) };
      else if (verdict.kind === 'edited') {
        change = { kind: 'edited', from: old.sha256, region: verdict.region, score: verdict.score };
        events.push({ type: 'image-edited', detail: { ...moved, region: verdict.region, score: verdict.score } });
      } else {
        change = { kind: 'replaced', from: old.sha256 };
        events.push({ type: 'image-replaced', detail: moved });
      }
    }
    slots.push({ ...s, change });
  }
  for (const gone of before.values()) {
    if (gone.sha256) events.push({ type: 'image-removed', detail: { slot: gone.slot, src: gone.srcUrl, oldSha256: gone.sha256 } });
  }
  return { slots, events };
}

/** The event types image capture records (for `GET /api/events?type=…` and feeds). */
export const IMAGE_EVENT_TYPES = ['image-edited', 'image-replaced', 'image-removed', 'image-added'] as const;
