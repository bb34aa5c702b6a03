import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEntityIndex } from './entity-index.js';
import { AGGREGATES, type AggregateAsk, type AggregateAnswer } from './entity-aggregates.js';

// Its own read-only connection: the aggregates run here while the web thread goes on serving.
const raw = new Database((workerData as { path: string }).path, { readonly: true, fileMustExist: true });
raw.pragma('busy_timeout = 5000');
// Every write reaches this connection as another process's: computed afresh each time it is asked.
const index = new SqliteEntityIndex(raw, undefined, { foreignLagMs: 0 });

parentPort!.on('message', (m: AggregateAsk) => {
  let answer: AggregateAnswer;
  try {
    if (!AGGREGATES.includes(m.method)) throw new Error(`not an aggregate: ${m.method}`);
    const method = index[m.method] as (...args: unknown[]) => unknown;
    answer = { id: m.id, value: method.apply(index, m.args) };
  } catch (e) {
    answer = { id: m.id, error: (e as Error).message };
  }
  parentPort!.postMessage(answer);
});
