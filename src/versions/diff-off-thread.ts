import { Worker } from 'node:worker_threads';
import { compareArticles, type ArticleComparison } from './diff.js';

interface Text {
  title: string;
  body: string[];
}
export interface DiffAsk {
  id: number;
  before: Text;
  after: Text;
  lang: string;
}
export interface DiffAnswer {
  id: number;
  value?: ArticleComparison;
  error?: string;
}

let worker: Worker | null = null;
let broken = false;
let nextId = 1;
const pending = new Map<number, { resolve: (v: ArticleComparison) => void; reject: (e: Error) => void }>();

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./diff-worker-boot.mjs', import.meta.url));
  // An idle worker does not keep the process alive.
  w.unref();
  w.on('message', (m: DiffAnswer) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.value) p?.resolve(m.value);
    else p?.reject(new Error(m.error ?? 'comparison failed'));
  });
  const fail = (e: Error) => {
    if (worker === w) worker = null;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  w.on('error', (e) => {
    broken = true;
    fail(e);
  });
  w.on('exit', (code) => fail(new Error(`comparison worker ended (${code})`)));
  worker = w;
  return w;
}

/**
 * Two versions compared on a worker thread: the comparison is already bounded (DIFF_BUDGET: sizes and
 * 40 ms), and off the request thread even those milliseconds never hold up other requests. Identical texts
 * and a worker that cannot start are compared here.
 */
export async function compareOffThread(before: Text, after: Text, lang = 'en'): Promise<ArticleComparison> {
  if (broken || (before.title === after.title && before.body.length === after.body.length && before.body.every((p, i) => p === after.body[i]))) {
    return compareArticles(before, after, lang);
  }
  const w = ensureWorker();
  const id = nextId++;
  try {
    return await new Promise<ArticleComparison>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.postMessage({ id, before: { title: before.title, body: before.body }, after: { title: after.title, body: after.body }, lang } satisfies DiffAsk);
    });
  } catch (e) {
    if (broken) return compareArticles(before, after, lang);
    throw e;
  }
}
