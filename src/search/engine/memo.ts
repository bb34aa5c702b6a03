interface Entry {
  value: unknown;
  own: number;
  foreign: number;
  at: number;
}

/**
 * Evaluated match sets kept until the archive changes. A write through this connection drops them at
 * once; a write by another process (an import, the crawler, another web worker) drops them once they are
 * `foreignLagMs` old, so a page read under a running import recomputes a few times a minute, not every time.
 */
export class SetMemo {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly opts: { foreignLagMs: number; maxEntries: number }) {}

  async get<T>(key: string, stamp: { own: number; foreign: number }, compute: () => Promise<T>): Promise<T> {
    const { own, foreign } = stamp;
    const hit = this.entries.get(key);
    if (hit && hit.own === own && (hit.foreign === foreign || performance.now() - hit.at < this.opts.foreignLagMs)) {
      // Most recently used last, so the oldest is dropped first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    const value = await compute();
    this.entries.delete(key);
    this.entries.set(key, { value, own, foreign, at: performance.now() });
    if (this.entries.size > this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
