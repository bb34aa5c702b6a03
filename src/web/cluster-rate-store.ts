import cluster from 'node:cluster';
import { MemoryStore, type ClientRateLimitInfo, type Store } from 'hono-rate-limiter';

/**
 * Rate-limit counters shared by the web worker processes: the primary process keeps them and each
 * worker asks it over IPC, so a client spread over several workers meets one limit, not one per worker.
 */
type Op = 'increment' | 'decrement' | 'resetKey' | 'get';
interface Ask { wirewatchRate: true; id: number; store: string; windowMs: number; op: Op; key: string }
interface Answer { wirewatchRate: true; id: number; info?: { totalHits: number; resetTime?: number } }

const isAsk = (m: unknown): m is Ask => typeof m === 'object' && m !== null && (m as Ask).wirewatchRate === true && 'op' in m;
const isAnswer = (m: unknown): m is Answer => typeof m === 'object' && m !== null && (m as Answer).wirewatchRate === true && !('op' in m);

/** In the primary: answers the workers' questions from one MemoryStore per named limit. */
export function serveRateCounters(): void {
  const stores = new Map<string, MemoryStore>();
  const storeFor = (name: string, windowMs: number) => {
    let s = stores.get(name);
    if (!s) {
      s = new MemoryStore();
      s.init({ windowMs } as Parameters<MemoryStore['init']>[0]);
      stores.set(name, s);
    }
    return s;
  };
  cluster.on('message', async (worker, m: unknown) => {
    if (!isAsk(m)) return;
    const s = storeFor(m.store, m.windowMs);
    const info = m.op === 'increment' ? await s.increment(m.key) : m.op === 'get' ? await s.get(m.key) : (await s[m.op](m.key), undefined);
    const answer: Answer = { wirewatchRate: true, id: m.id, info: info ? { totalHits: info.totalHits, resetTime: info.resetTime?.getTime() } : undefined };
    if (worker.isConnected()) worker.send(answer);
  });
}

let nextId = 1;
const pending = new Map<number, (a: Answer) => void>();
let listening = false;

/** In a worker: a store for hono-rate-limiter whose counts live in the primary. */
export class ClusterRateStore implements Store {
  localKeys = false;
  private windowMs = 60_000;

  constructor(readonly prefix: string) {
    if (!listening) {
      listening = true;
      process.on('message', (m: unknown) => {
        if (!isAnswer(m)) return;
        pending.get(m.id)?.(m);
        pending.delete(m.id);
      });
    }
  }

  init(options: { windowMs: number }): void {
    this.windowMs = options.windowMs;
  }

  private ask(op: Op, key: string): Promise<ClientRateLimitInfo | undefined> {
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, (a) => resolve(a.info ? { totalHits: a.info.totalHits, resetTime: a.info.resetTime ? new Date(a.info.resetTime) : undefined } : undefined));
      process.send!({ wirewatchRate: true, id, store: this.prefix, windowMs: this.windowMs, op, key } satisfies Ask);
    });
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    return (await this.ask('increment', key)) ?? { totalHits: 1 };
  }
  get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.ask('get', key);
  }
  async decrement(key: string): Promise<void> {
    await this.ask('decrement', key);
  }
  async resetKey(key: string): Promise<void> {
    await this.ask('resetKey', key);
  }
}

/** The store a limit should use in this process: shared through the primary when in a worker. */
export function rateStore(name: string): Store | undefined {
  return cluster.isWorker && process.send ? new ClusterRateStore(name) : undefined;
}
