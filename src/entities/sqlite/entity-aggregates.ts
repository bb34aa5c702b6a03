import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import type { EntityKind } from '../gazetteer.js';
import type { SqliteEntityIndex } from './entity-index.js';

/** The per-entity figures that read every mention (up to a few hundred ms for the most named). */
export const AGGREGATES = ['summary', 'monthly', 'coMentioned', 'events', 'articleDays'] as const;
type Aggregate = (typeof AGGREGATES)[number];
export interface AggregateAsk {
  id: number;
  method: Aggregate;
  args: unknown[];
}
export interface AggregateAnswer {
  id: number;
  value?: unknown;
  error?: string;
}

type Result<M extends Aggregate> = ReturnType<SqliteEntityIndex[M]>;

interface Entry {
  value: unknown;
  own: number;
  foreign: number;
  at: number;
}

/**
 * The entity pages' costly figures, computed on a worker thread with its own read-only connection, so the
 * request thread never stalls on them. Kept until the archive changes: after a write through this
 * connection (accepting a name) the page waits for fresh figures; after another process's write (an
 * import, the crawler) the kept figures are served while fresh ones are computed, once `lagMs` has passed.
 * An archive in memory has no file for a second connection: the figures are computed here.
 */
export class EntityAggregates {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly entries = new Map<string, Entry>();
  private readonly computing = new Map<string, Promise<unknown>>();
  private readonly changes;
  private answered = false;
  private inThread = false;

  constructor(
    private readonly index: SqliteEntityIndex,
    private readonly raw: Database.Database,
    private readonly opts: { lagMs: number; maxEntries: number } = { lagMs: 10_000, maxEntries: 2000 },
  ) {
    this.changes = raw.prepare('SELECT total_changes()').pluck();
  }

  summary(id: string): Promise<Result<'summary'>> {
    return this.get('summary', [id]);
  }
  monthly(id: string): Promise<Result<'monthly'>> {
    return this.get('monthly', [id]);
  }
  coMentioned(id: string, limit: number, kind?: EntityKind): Promise<Result<'coMentioned'>> {
    return this.get('coMentioned', kind === undefined ? [id, limit] : [id, limit, kind]);
  }
  events(person: string, year?: number): Promise<Result<'events'>> {
    return this.get('events', year === undefined ? [person] : [person, year]);
  }
  articleDays(person?: string): Promise<Result<'articleDays'>> {
    return this.get('articleDays', person === undefined ? [] : [person]);
  }

  /** Whether the figures come from the worker thread (false: computed here, an archive in memory). */
  get computedOnWorker(): boolean {
    return this.answered && !this.inThread;
  }

  /** Ends the worker thread (the archive is closing). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }

  private async get<M extends Aggregate>(method: M, args: unknown[]): Promise<Result<M>> {
    const key = `${method}:${JSON.stringify(args)}`;
    const own = Number(this.changes.get());
    const foreign = Number(this.raw.pragma('data_version', { simple: true }));
    const hit = this.entries.get(key);
    if (hit && hit.own === own) {
      if (hit.foreign === foreign) return hit.value as Result<M>;
      if (performance.now() - hit.at < this.opts.lagMs) return hit.value as Result<M>;
      // Another process wrote: serve these figures while fresh ones are computed.
      void this.compute(key, method, args, own, foreign).catch(() => {});
      return hit.value as Result<M>;
    }
    return (await this.compute(key, method, args, own, foreign)) as Result<M>;
  }

  private compute(key: string, method: Aggregate, args: unknown[], own: number, foreign: number): Promise<unknown> {
    const running = this.computing.get(key);
    if (running) return running;
    const started = performance.now();
    const p = this.run(method, args)
      .then((value) => {
        this.entries.delete(key);
        this.entries.set(key, { value, own, foreign, at: started });
        if (this.entries.size > this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value!);
        return value;
      })
      .finally(() => this.computing.delete(key));
    this.computing.set(key, p);
    return p;
  }

  private async run(method: Aggregate, args: unknown[]): Promise<unknown> {
    const here = () => (this.index[method] as (...a: unknown[]) => unknown).apply(this.index, args);
    if (this.raw.memory || this.inThread) return here();
    const worker = this.ensureWorker();
    const id = this.nextId++;
    try {
      return await new Promise((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        worker.postMessage({ id, method, args } satisfies AggregateAsk);
      });
    } catch (e) {
      // A worker that could not open the archive (its file moved or deleted while open): compute here from now on.
      if (!this.answered) {
        this.inThread = true;
        return here();
      }
      throw e;
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./aggregate-worker-boot.mjs', import.meta.url), { workerData: { path: this.raw.name }, stderr: true });
    let said = '';
    worker.stderr.on('data', (d: Buffer) => (said += d.toString()));
    // An idle worker does not keep the process alive.
    worker.unref();
    worker.on('message', (m: AggregateAnswer) => {
      this.answered = true;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.value);
    });
    const fail = (e: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`entity figures worker ended (${code})${said ? `: ${said.trim().split('\n')[0]}` : ''}`)));
    this.worker = worker;
    return worker;
  }
}
