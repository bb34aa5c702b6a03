import { describe, expect, it } from 'vitest';
import { OverlayCache } from './overlay-cache.js';

describe('OverlayCache', () => {
  it('draws each overlay once, a few at a time, keeps the latest and turns away what is beyond the queue', async () => {
    const drawn: string[] = [];
    let inFlight = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const cache = new OverlayCache(
      async (key) => {
        drawn.push(key);
        most = Math.max(most, ++inFlight);
        await new Promise<void>((r) => release.push(r));
        inFlight--;
        return new TextEncoder().encode(key);
      },
      { keep: 2, atOnce: 2, queue: 1 },
    );
    const a = cache.get('a');
    const a2 = cache.get('a');
    const b = cache.get('b');
    const c = cache.get('c');
    expect(await cache.get('d')).toBeNull();
    while (drawn.length < 3 || release.length) {
      release.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    expect([await a, await a2, await b, await c].map((x) => new TextDecoder().decode(x!))).toEqual(['a', 'a', 'b', 'c']);
    expect(drawn).toEqual(['a', 'b', 'c']);
    expect(most).toBe(2);
    // 'a' fell out (keep 2): asked again, it is drawn again; 'c' is kept.
    await cache.get('c');
    const again = cache.get('a');
    release.shift()?.();
    await again;
    expect(drawn).toEqual(['a', 'b', 'c', 'a']);
  });
});
