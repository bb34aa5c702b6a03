import type Database from 'better-sqlite3';

interface Entry {
  value: unknown;
  own: number;
  foreign: number;
  at: number;
}

/**
 * Results of costly read-only queries (aggregates over a hundred thousand rows), kept until the archive
 * changes. A write through this connection drops them at once; a write by another process (an import,
 * the crawler, another web worker) drops them once they are `foreignLagMs` old, so a page read under a
 * running import recomputes its figures a few times a minute rather than on every request.
 */
export class GenerationMemo {
  private readonly entries = new Map<string, Entry>();
  private readonly changes;

  constructor(
    private readonly raw: Database.Database,
    private readonly opts: { foreignLagMs: number; maxEntries: number } = { foreignLagMs: 10_000, maxEntries: 2000 },
  ) {
    this.changes = raw.prepare('SELECT total_changes()').pluck();
  }

  get<T>(key: string, compute: () => T): T {
    const own = Number(this.changes.get());
    const foreign = Number(this.raw.pragma('data_version', { simple: true }));
    const now = performance.now();
    const hit = this.entries.get(key);
    if (hit && hit.own === own && (hit.foreign === foreign || now - hit.at < this.opts.foreignLagMs)) {
      // Most recently used last, so the oldest is dropped first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { value, own, foreign, at: performance.now() });
    if (this.entries.size > this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
