import { describe, expect, it } from 'vitest';
import { compareArticles } from './diff.js';
import { compareOffThread } from './diff-off-thread.js';

const words = (n: number, seed: number) => Array.from({ length: n }, (_, i) => `word${(i * seed) % 997}`).join(' ');
const before = { title: 'Kim Jong Un inspects a factory', body: Array.from({ length: 60 }, (_, i) => words(80, i + 3)) };
const after = { title: 'Kim Jong Un inspects a new factory', body: before.body.map((p, i) => (i % 3 ? p : words(80, i + 7))) };

describe('comparing versions off the request thread', () => {
  it('gives the same comparison as on this thread', async () => {
    expect(await compareOffThread(before, after, 'en')).toEqual(compareArticles(before, after, 'en'));
  });

  it('leaves this thread free while it compares', async () => {
    await compareOffThread(before, after, 'en'); // the worker is up
    let turned = false;
    setTimeout(() => (turned = true), 1);
    const diff = await compareOffThread(after, before, 'en');
    // On this thread the comparison (tens of ms) would have finished before the timer could fire.
    expect(turned).toBe(true);
    expect(diff.added + diff.removed).toBeGreaterThan(0);
  });
});
