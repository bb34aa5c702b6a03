import { describe, expect, it } from 'vitest';
import type { ImageChange } from '../images/compare.js';
import type { ImageSlot } from '../store/images.js';
import { classifySlots } from './image-changes.js';

// Images named by their "bytes": `x` and `x'` are the same picture edited, `x~` the same rescaled.
const bytesOf = async (sha: string) => new TextEncoder().encode(sha);
const compare = async (a: Uint8Array, b: Uint8Array): Promise<ImageChange> => {
  const [x, y] = [new TextDecoder().decode(a), new TextDecoder().decode(b)];
  const base = (s: string) => s.replace(/['~]$/, '');
  if (base(x) !== base(y)) return { kind: 'replaced' };
  return y.endsWith("'") ? { kind: 'edited', region: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 }, score: 0.05 } : { kind: 'same', note: 'rescaled' };
};
const slots = (family: string, shas: (string | null)[]): ImageSlot[] =>
  shas.map((sha, i) => ({ slot: `${family}:${i + 1}`, srcUrl: `http://x/${sha ?? 'missing'}.jpg`, caption: null, sha256: sha, problem: sha ? null : 'http: 404' }));
const run = async (before: ImageSlot[], after: ImageSlot[]) => {
  const r = await classifySlots(before, after, bytesOf, compare);
  return { kinds: r.slots.map((s) => `${s.slot}=${s.change?.kind ?? '-'}`), events: r.events.map((e) => `${e.type} ${String(e.detail.slot)}`) };
};

describe('classifySlots', () => {
  it('classifies same, edited (with the region), replaced, added and removed by slot', async () => {
    const r = await classifySlots(slots('content', ['a', 'b', 'c', 'd']), slots('content', ["a'", 'b~', 'z']), bytesOf, compare);
    expect(r.slots.map((s) => s.change)).toEqual([
      { kind: 'edited', from: 'a', region: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 }, score: 0.05 },
      { kind: 'same', from: 'b', note: 'rescaled' },
      { kind: 'replaced', from: 'c' },
    ]);
    expect(r.events).toEqual([
      { type: 'image-edited', detail: { slot: 'content:1', src: "http://x/a'.jpg", oldSrc: 'http://x/a.jpg', oldSha256: 'a', newSha256: "a'", region: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 }, score: 0.05 } },
      { type: 'image-replaced', detail: { slot: 'content:3', src: 'http://x/z.jpg', oldSrc: 'http://x/c.jpg', oldSha256: 'c', newSha256: 'z' } },
      { type: 'image-removed', detail: { slot: 'content:4', src: 'http://x/d.jpg', oldSha256: 'd' } },
    ]);
  });

  it('a photo inserted or dropped does not make the photos after it look replaced', async () => {
    expect(await run(slots('gallery', ['a', 'b', 'c']), slots('gallery', ['n', 'a', 'b', 'c']))).toEqual({
      kinds: ['gallery:1=added', 'gallery:2=-', 'gallery:3=-', 'gallery:4=-'],
      events: ['image-added gallery:1'],
    });
    expect(await run(slots('gallery', ['a', 'b', 'c']), slots('gallery', ['a', 'c']))).toEqual({ kinds: ['gallery:1=-', 'gallery:2=-'], events: ['image-removed gallery:2'] });
    // Between two unchanged photos, the one in the middle is compared with the one it stands for.
    expect(await run(slots('gallery', ['a', 'b', 'c']), slots('gallery', ['a', "b'", 'c']))).toEqual({ kinds: ['gallery:1=-', 'gallery:2=edited', 'gallery:3=-'], events: ['image-edited gallery:2'] });
  });

  it('leaves a slot unclassified when the comparison fails', async () => {
    const failing = async (): Promise<ImageChange> => {
      throw new Error('cannot decode');
    };
    const r = await classifySlots(slots('content', ['a']), slots('content', ['b']), bytesOf, failing);
    expect([r.slots[0].change, r.events]).toEqual([null, []]);
  });

  it('kinds of slot are matched separately, and unknown images are not classified', async () => {
    const before = [...slots('og', ['a']), ...slots('content', ['a', 'b'])].map((s) => (s.slot === 'og:1' ? { ...s, slot: 'og:image' } : s));
    const after = [{ ...before[0], sha256: "a'" }, ...slots('content', [null, 'b'])];
    expect(await run(before, after)).toEqual({ kinds: ['og:image=edited', 'content:1=-', 'content:2=-'], events: ['image-edited og:image'] });
  });
});
