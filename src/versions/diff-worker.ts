import { parentPort } from 'node:worker_threads';
import { compareArticles } from './diff.js';
import type { DiffAsk, DiffAnswer } from './diff-off-thread.js';

parentPort!.on('message', (m: DiffAsk) => {
  let answer: DiffAnswer;
  try {
    answer = { id: m.id, value: compareArticles(m.before, m.after, m.lang) };
  } catch (e) {
    answer = { id: m.id, error: (e as Error).message };
  }
  parentPort!.postMessage(answer);
});
