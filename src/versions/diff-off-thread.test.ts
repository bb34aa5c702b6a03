import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { compareArticles } from './diff.js';
import { compareOffThread } from './diff-off-thread.js';

const words = (n: number, seed: number) => Array.from({ length: n }, (_, i) => `word${(i * seed) % 997}`).join(' ');
const before = { title: 'Kim Jong Un inspects a factory', body: Array.from({ length: 60 }, (_, i) => words(80, i + 3)) };
const after = { title: 'Kim Jong Un inspects a new factory', body: before.body.map((p, i) => (i % 3 ? p : words(80, i + 7))) };

describe('comparing versions off the request thread', () => {
  it('gives the same comparison as on this thread', async () => {
    expect(await compareOffThread(before, after, 'en')).toEqual(compareArticles(before, after, 'en'));
  });

  it('sends the comparison to a worker thread, and falls back to this thread only for identical texts', async () => {
    const sent = vi.spyOn(Worker.prototype, 'postMessage');
    try {
      const diff = await compareOffThread(after, before, 'en');
      expect(sent).toHaveBeenCalledTimes(1);
      expect(sent.mock.calls[0][0]).toMatchObject({ before: { title: after.title }, after: { title: before.title }, lang: 'en' });
      expect(diff).toEqual(compareArticles(after, before, 'en'));
      await compareOffThread(before, before, 'en');
      expect(sent).toHaveBeenCalledTimes(1);
    } finally {
      sent.mockRestore();
    }
  });
});
