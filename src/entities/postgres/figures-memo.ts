/**
 * Figures of entity pages kept for a while (the most named entity's read every mention): until this
 * process changes the entity tables (an ingest through this store, review, a reindex: `changed()`), and
 * for at most `lagMs` when another process may have (an import or the crawler elsewhere), as SQLite's
 * figures are kept until its `data_version` moves and the lag has passed.
 */
export class FiguresMemo {
  private generation = 0;
  private readonly entries = new Map<string, { value: Promise<unknown>; generation: number; at: number }>();

  constructor(private readonly opts: { lagMs: number; maxEntries: number } = { lagMs: 10_000, maxEntries: 2000 }) {}

  changed(): void {
    this.generation++;
  }

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.generation === this.generation && performance.now() - hit.at < this.opts.lagMs) return hit.value as Promise<T>;
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { value, generation: this.generation, at: performance.now() });
    if (this.entries.size > this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    // A failed computation is not kept.
    value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    return value;
  }
}
